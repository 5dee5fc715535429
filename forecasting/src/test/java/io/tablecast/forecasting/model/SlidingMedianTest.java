package io.tablecast.forecasting.model;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SlidingMedianTest {
    /** The median of series[max(0, end − span), end) by sorting a copy: what the window must agree with. */
    private static double sortedMedian(double[] series, int span, int end) {
        double[] w = Arrays.stream(series, Math.max(0, end - span), end).filter(v -> !Double.isNaN(v)).sorted()
                .toArray();
        if (w.length == 0) {
            return 0;
        }
        return w.length % 2 == 1 ? w[w.length / 2] : (w[w.length / 2 - 1] + w[w.length / 2]) / 2;
    }

    @Test
    void agreesWithSortingAtEveryStepSizeWithTiesGapsAndJumpsPastTheWindow() {
        Random random = new Random(5);
        double[] series = new double[2000];
        for (int i = 0; i < series.length; i++) {
            // counts with many ties and zeros, a few missing hours
            series[i] = random.nextInt(10) == 0 ? Double.NaN : Math.floor(Math.pow(1 - random.nextDouble(), -0.5) - 1);
        }
        for (int step : new int[] {1, 7, 24, 500}) {
            SlidingMedian window = new SlidingMedian(series, 300);
            for (int end = 1; end <= series.length; end += step) {
                assertThat(window.medianBefore(end)).as("step %d, end %d", step, end)
                        .isEqualTo(sortedMedian(series, 300, end));
            }
        }
    }

    @Test
    void anEmptyWindowIsZeroAndTheWindowNeverMovesBack() {
        double[] series = {Double.NaN, Double.NaN, 4, 2, 9};
        SlidingMedian window = new SlidingMedian(series, 3);
        assertThat(window.medianBefore(2)).isZero();
        assertThat(window.medianBefore(4)).isEqualTo(3.0);
        assertThat(window.medianBefore(5)).isEqualTo(4.0);
        assertThatThrownBy(() -> window.medianBefore(4)).isInstanceOf(IllegalArgumentException.class);
    }
}
