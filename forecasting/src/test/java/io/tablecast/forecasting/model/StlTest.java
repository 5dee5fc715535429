package io.tablecast.forecasting.model;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class StlTest {
    private static final int N = 8 * 168;

    private static double dailyShape(int t) {
        return 10 * Math.sin(2 * Math.PI * (t % 24) / 24.0);
    }

    private static double weeklyShape(int t) {
        return (t / 24) % 7 >= 5 ? -6 : 6 * 2 / 5.0; // weekends low; mean over the week is 0
    }

    @Test
    void recoversDailyAndWeeklyPatternsUnderATrendAndNoise() {
        Random random = new Random(3);
        double[] y = new double[N];
        for (int t = 0; t < N; t++) {
            y[t] = 100 + 0.02 * t + dailyShape(t) + weeklyShape(t) + random.nextGaussian();
        }
        double[][] seasonal = Stl.multiSeasonal(y, N, new int[] {24, 168}, new int[] {11, 15}, 2);

        double dailyError = 0;
        double weeklyError = 0;
        for (int t = 168; t < N - 168; t++) {
            dailyError = Math.max(dailyError, Math.abs(seasonal[0][t] - dailyShape(t)));
            weeklyError = Math.max(weeklyError, Math.abs(seasonal[1][t] - weeklyShape(t)));
        }
        // Amplitudes 10 and 6, noise σ 1: each component found to well within the noise.
        assertThat(dailyError).as("daily component, worst hour").isLessThan(1.5);
        assertThat(weeklyError).as("weekly component, worst hour").isLessThan(2.0);
    }

    @Test
    void aSeriesWithoutSeasonalityHasAFlatSeasonalComponent() {
        Random random = new Random(5);
        double[] y = new double[N];
        for (int t = 0; t < N; t++) {
            y[t] = 50 + random.nextGaussian();
        }
        double[][] seasonal = Stl.multiSeasonal(y, N, new int[] {24, 168}, new int[] {11, 15}, 2);
        for (double[] component : seasonal) {
            double largest = 0;
            for (double v : component) {
                largest = Math.max(largest, Math.abs(v));
            }
            assertThat(largest).isLessThan(1.5);
        }
    }
}
