package io.tablecast.forecasting.model;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ModelPartsTest {
    @Test
    void conformalQuantileUsesTheFiniteSampleRank() {
        double[] values = new double[19];
        for (int i = 0; i < values.length; i++) {
            values[i] = i + 1; // 1..19
        }
        // ceil((19 + 1) * 0.95) = 19th smallest
        assertThat(ConformalBound.conformalQuantile(values.clone(), values.length, 0.95)).isEqualTo(19);
        assertThat(ConformalBound.conformalQuantile(values.clone(), values.length, 0.5)).isEqualTo(10);
    }

    @Test
    void conformalQuantileMatchesTheSortedRankOnUnsortedValuesWithTies() {
        Random random = new Random(7);
        for (int n : new int[] {1, 2, 40, 1000}) {
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                values[i] = random.nextInt(50) - 25; // many ties
            }
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            for (double q : new double[] {0.5, 0.9, 0.975, 0.999}) {
                int k = Math.min(n, Math.max(1, (int) Math.ceil((n + 1) * q)));
                assertThat(ConformalBound.conformalQuantile(values.clone(), n, q)).as("n=%d q=%s", n, q)
                        .isEqualTo(sorted[k - 1]);
            }
        }
    }

    @Test
    void theFittingLoopLearnsExactlyAsHourByHourUpdates() {
        Random random = new Random(12);
        double[] y = new double[3 * 168];
        for (int t = 0; t < y.length; t++) {
            y[t] = t % 50 == 7 ? Double.NaN : 10 + Math.sin(t / 4.0) + random.nextGaussian();
        }
        DoubleSeasonalSmoother stepwise = new DoubleSeasonalSmoother(0.2, 0.1, 0.15, 0.6);
        DoubleSeasonalSmoother bulk = new DoubleSeasonalSmoother(0.2, 0.1, 0.15, 0.6);
        int start = stepwise.initialise(y, 1000, 0.5);
        bulk.initialise(y, 1000, 0.5);
        for (int t = start; t < y.length; t++) {
            stepwise.update(y[t]);
        }
        bulk.updateAll(y, start, y.length);
        assertThat(bulk.state()).containsExactly(stepwise.state());
    }

    @Test
    void laterHorizonsNeverGetATighterBound() {
        double[][] errors = new double[10][48];
        for (int o = 0; o < 10; o++) {
            for (int h = 0; h < 48; h++) {
                errors[o][h] = h < 24 ? o : o / 10.0; // the second day erred less
            }
        }
        ConformalBound b = ConformalBound.fromErrors(errors, 48, 0.9);
        assertThat(b.offset(1, 0)).isEqualTo(9);
        // the second day's own errors (at most 0.9) would give 0.9; the first day's bound holds
        assertThat(b.offset(30, 0)).isEqualTo(9);
        // a level that follows every error fully (α = 1) wanders: variance 1 + (h-1) from mid-hour 12 to mid-hour 36
        ConformalBound wandering = ConformalBound.fromErrors(errors, 48, 0.9, 1.0);
        assertThat(wandering.offset(30, 0)).isCloseTo(9 * Math.sqrt(36.0 / 12.0), org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void aRestoredSmootherContinuesExactlyWhereTheOriginalWas() {
        double[] y = new double[400];
        for (int t = 0; t < y.length; t++) {
            y[t] = 10 + Math.sin(t / 3.0) + (t % 24);
        }
        DoubleSeasonalSmoother m = new DoubleSeasonalSmoother(0.2, 0.1, 0.1, 0.6);
        int i = m.initialise(y, 1000, 0.5);
        for (; i < 380; i++) {
            m.update(y[i]);
        }
        DoubleSeasonalSmoother restored = DoubleSeasonalSmoother.restore(m.parameters(), m.state());
        for (; i < y.length; i++) {
            restored.update(y[i]);
            m.update(y[i]);
            assertThat(restored.state()).containsExactly(m.state());
        }
        double[] a = new double[168];
        double[] b = new double[168];
        m.forecast(a, 168);
        restored.forecast(b, 168);
        assertThat(b).isEqualTo(a);
    }

    @Test
    void aMissingHourAdvancesTimeWithoutLearning() {
        DoubleSeasonalSmoother m = new DoubleSeasonalSmoother(0.5, 0.5, 0.5, 0.5);
        m.initialise(new double[336], 0, 0.5);
        double[] before = m.state();
        m.update(Double.NaN);
        double[] after = m.state();
        assertThat(after[2]).isEqualTo(before[2] + 1);
        assertThat(after[0]).isEqualTo(before[0]);
    }

    @Test
    void anExpectedMultiplierIsTheShiftThatMultipliesTheTypicalTotalInEachSpace() {
        // A flat series at 3 in sqrt space is a count of 9; four times that, 36, is 6 there: a shift of 3.
        assertThat(EventEffects.priorShift(Transform.SQRT, 4.0, 3.0, 9.0)).isCloseTo(3.0, within(1e-12));
        // A day of quiet and busy hours, 1 and 5 in sqrt space (counts 1 and 25, total 26): doubled it is 52, and
        // the shift s solving (1 + s)² + (5 + s)² = 52 is -3 + √22 ≈ 1.690 — not 3 × (√2 − 1) ≈ 1.243, which
        // scales the mean hour and leaves the day at 1.74× (45.2).
        double s = EventEffects.priorShift(Transform.SQRT, 2.0, 3.0, 13.0);
        assertThat(s).isCloseTo(-3 + Math.sqrt(22), within(1e-12));
        assertThat(Math.pow(1 + s, 2) + Math.pow(5 + s, 2)).isCloseTo(52, within(1e-9));
        // A halving cannot take a day below nothing: the shift stops at the mean.
        assertThat(EventEffects.priorShift(Transform.SQRT, 0.0, 3.0, 13.0)).isCloseTo(-3, within(1e-12));
        assertThat(EventEffects.priorShift(Transform.IDENTITY, 2.5, 10.0, 100.0)).isCloseTo(15.0, within(1e-12));
        assertThat(EventEffects.priorShift(Transform.LOG1P, 2.0, 123.0, 0)).isCloseTo(Math.log(2), within(1e-12));
    }
}
