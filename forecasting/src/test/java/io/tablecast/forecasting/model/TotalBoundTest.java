package io.tablecast.forecasting.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class TotalBoundTest {
    @Test
    void eachDaysOffsetIsTheConformalQuantileOfItsRootErrorsNeverBelowAnEarlierDays() {
        // 19 origins, two days ahead: day 1 forecasts 100 and sees 100 + k² (root errors 0 .. ~1.65); day 2 is exact.
        double[][] actual = new double[19][2];
        double[][] forecast = new double[19][2];
        for (int o = 0; o < 19; o++) {
            actual[o][0] = Math.pow(10 + 0.1 * o, 2);
            forecast[o][0] = 100;
            actual[o][1] = 50;
            forecast[o][1] = 50;
        }
        actual[18][1] = Double.NaN;
        TotalBound bound = TotalBound.fromTotals(actual, forecast, 0.95);
        // ceil(20 × 0.95) = 19th smallest of day 1's errors: the largest, 1.8; day 2 (no error) keeps day 1's.
        assertThat(bound.offsets()[0]).isCloseTo(1.8, within(1e-9));
        assertThat(bound.offsets()[1]).isCloseTo(1.8, within(1e-9));
    }

    @Test
    void upperIsTheRootShiftedTotalInterpolatedBetweenDaysAndNeverBelowThePoint() {
        TotalBound bound = TotalBound.of(new double[] {2, 4});
        assertThat(bound.upper(100, 0)).isCloseTo(144, within(1e-9));      // (10 + 2)²
        assertThat(bound.upper(100, 12)).isCloseTo(169, within(1e-9));     // (10 + 3)²: halfway to day 2
        assertThat(bound.upper(100, 24)).isCloseTo(196, within(1e-9));
        assertThat(bound.upper(100, 500)).isCloseTo(196, within(1e-9));    // past the last day, the last holds
        assertThat(TotalBound.of(new double[] {-3}).upper(1, 0)).isEqualTo(1);
        assertThatThrownBy(() -> TotalBound.of(new double[0])).isInstanceOf(IllegalArgumentException.class);
    }
}
