package io.tablecast.forecasting.model;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class TotalBoundTest {
    /** 19 origins, two days ahead: day 1 forecasts 100 and sees (10 + 0.1·k)², root errors 0 .. 1.8; day 2 is exact. */
    private static double[][][] dayOneMissesDayTwoExact() {
        double[][] actual = new double[19][2];
        double[][] forecast = new double[19][2];
        for (int o = 0; o < 19; o++) {
            actual[o][0] = Math.pow(10 + 0.1 * o, 2);
            forecast[o][0] = 100;
            actual[o][1] = 50;
            forecast[o][1] = 50;
        }
        return new double[][][] {actual, forecast};
    }

    @Test
    void eachDaysOffsetIsTheConformalQuantileOfItsRootErrorsNeverBelowAnEarlierDays() {
        double[][][] totals = dayOneMissesDayTwoExact();
        totals[0][18][1] = Double.NaN;
        TotalBound bound = TotalBound.fromTotals(totals[0], totals[1], 0.95);
        // ceil(20 × 0.95) = 19th smallest of day 1's errors: the largest, 1.8; day 2 (no error) keeps day 1's.
        assertThat(bound.offsets()[0]).isCloseTo(1.8, within(1e-9));
        assertThat(bound.offsets()[1]).isCloseTo(1.8, within(1e-9));
    }

    @Test
    void laterDaysGrowAsTheModelsLevelWanders() {
        // Day 2 erred less than day 1, but a level weight of 0.2 says a day's level is further off the further
        // ahead: day 2 at least day 1 × √((1 + 35·0.04) / (1 + 11·0.04)).
        double[][][] totals = dayOneMissesDayTwoExact();
        TotalBound bound = TotalBound.fromTotals(totals[0], totals[1], null, 0.95, 0.2);
        assertThat(bound.offsets()[0]).isCloseTo(1.8, within(1e-9));
        assertThat(bound.offsets()[1]).isCloseTo(1.8 * Math.sqrt(2.4 / 1.44), within(1e-9));
    }

    @Test
    void eventDaysAreCalibratedApartSoThatTheyDoNotWidenEveryOtherDay() {
        // 40 origins, one day ahead: 35 ordinary days miss by 0.05·k in root space (k = 0..34), five event days by 10.
        double[][] actual = new double[40][1];
        double[][] forecast = new double[40][1];
        boolean[][] event = new boolean[40][1];
        for (int o = 0; o < 40; o++) {
            forecast[o][0] = 100;
            event[o][0] = o % 8 == 7;
            actual[o][0] = Math.pow(10 + (event[o][0] ? 10 : 0.05 * (o - o / 8)), 2);
        }
        TotalBound apart = TotalBound.fromTotals(actual, forecast, event, 0.95, 0);
        TotalBound together = TotalBound.fromTotals(actual, forecast, 0.95);
        // Ordinary: ceil(36 × 0.95) = 35th smallest of 35, the largest: 0.05 × 34. Events: ceil(6 × 0.95) = 6th of 5,
        // the largest: 10. Together, ceil(41 × 0.95) = 39th of 40: an event day's 10, for every day.
        assertThat(apart.offsets()[0]).isCloseTo(1.7, within(1e-9));
        assertThat(apart.eventOffsets()[0]).isCloseTo(10, within(1e-9));
        assertThat(together.offsets()[0]).isCloseTo(10, within(1e-9));
        assertThat(apart.upper(100, 0)).isCloseTo(Math.pow(11.7, 2), within(1e-9));
        assertThat(apart.upper(100, 0, true)).isCloseTo(400, within(1e-9));
    }

    @Test
    void theExpectedTotalIsThePointCorrectedByTheOrdinaryDaysMeanRootError() {
        // A point that sums low: 20 origins, day 1 forecast 100 and seen (10 + 1 ± 0.5)², day 2 exact.
        double[][] actual = new double[20][2];
        double[][] forecast = new double[20][2];
        for (int o = 0; o < 20; o++) {
            forecast[o][0] = 100;
            actual[o][0] = Math.pow(11 + (o % 2 == 0 ? 0.5 : -0.5), 2);
            forecast[o][1] = 50;
            actual[o][1] = 50;
        }
        TotalBound bound = TotalBound.fromTotals(actual, forecast, 0.95);
        assertThat(bound.centres()).containsExactly(new double[] {1, 0}, within(1e-9));
        assertThat(bound.expected(100, 0)).isCloseTo(121, within(1e-9));
        assertThat(bound.expected(100, 12)).isCloseTo(110.25, within(1e-9));  // halfway: (10 + 0.5)²
        assertThat(bound.upper(100, 0)).isCloseTo(Math.pow(11.5, 2), within(1e-9));
        // A point that sums high cannot be corrected below nothing; the upper bound never falls under the expected.
        TotalBound high = TotalBound.of(new double[] {0}, new double[] {0}, new double[] {-20});
        assertThat(high.expected(100, 0)).isZero();
        TotalBound low = TotalBound.of(new double[] {0.5}, new double[] {0.5}, new double[] {2});
        assertThat(low.upper(100, 0)).isCloseTo(144, within(1e-9));
    }

    @Test
    void withTooFewEventDaysSeenEventDaysKeepTheBoundOfAllDays() {
        double[][] actual = new double[20][1];
        double[][] forecast = new double[20][1];
        boolean[][] event = new boolean[20][1];
        for (int o = 0; o < 20; o++) {
            forecast[o][0] = 100;
            event[o][0] = o < TotalBound.MIN_EVENT_DAYS - 1;
            actual[o][0] = Math.pow(10 + (event[o][0] ? 5 : 0.1), 2);
        }
        TotalBound bound = TotalBound.fromTotals(actual, forecast, event, 0.95, 0);
        assertThat(bound.offsets()[0]).isCloseTo(0.1, within(1e-9));
        assertThat(bound.eventOffsets()[0]).isCloseTo(5, within(1e-9));  // all 20 days: the 20th smallest of 20
        assertThat(bound.eventOffsets()).isEqualTo(TotalBound.fromTotals(actual, forecast, 0.95).offsets());
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
        assertThatThrownBy(() -> TotalBound.of(new double[] {1}, new double[] {1, 2}, new double[] {0}))
                .hasMessageContaining("had 1, 2 and 1");
    }

    @Test
    void errorsTooFewForTheQuantileAreExtendedByTheStudentBoundNotLeftAtTheirLargest() {
        Random random = new Random(5);
        int trials = 20_000;
        int coveredByLargest = 0;
        int coveredByOffset = 0;
        for (int trial = 0; trial < trials; trial++) {
            double[] week = new double[7];  // a week of origins' day-1 errors
            double largest = Double.NEGATIVE_INFINITY;
            for (int i = 0; i < week.length; i++) {
                week[i] = random.nextGaussian();
                largest = Math.max(largest, week[i]);
            }
            double next = random.nextGaussian();
            coveredByLargest += next <= largest ? 1 : 0;
            coveredByOffset += next <= TotalBound.offsetOf(week, week.length, 0.975) ? 1 : 0;
        }
        assertThat(coveredByLargest / (double) trials).as("the largest of 7: 7/8").isCloseTo(0.875, within(0.01));
        assertThat(coveredByOffset / (double) trials).isCloseTo(0.975, within(0.005));
    }

    @Test
    void errorsEnoughForTheQuantileKeepTheConformalOne() {
        double[] errors = new double[40];
        for (int i = 0; i < errors.length; i++) {
            errors[i] = i % 2 == 0 ? i : -i;
        }
        assertThat(TotalBound.offsetOf(errors, errors.length, 0.975))
                .isEqualTo(ConformalBound.conformalQuantile(errors.clone(), errors.length, 0.975));
    }
}
