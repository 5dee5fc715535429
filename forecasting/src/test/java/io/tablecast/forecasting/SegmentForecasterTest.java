package io.tablecast.forecasting;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SegmentForecasterTest {
    private static final long START = 482_000;

    private static double value(long t, Random r) {
        double daily = 0.6 + 0.8 * Math.pow(Math.sin(Math.PI * (t % 24) / 24.0), 2);
        return 800 * daily * ((t / 24) % 7 >= 5 ? 0.7 : 1.0) * (1 + 0.05 * r.nextGaussian());
    }

    @Test
    void streamingMatchesAFitOnTheSameHistoryAndSurvivesASnapshot() {
        SegmentForecaster live = new SegmentForecaster(0.975);
        Random r = new Random(2);
        for (long t = START; t < START + 6 * 168; t++) {
            live.observe(t, value(t, r));
            if (live.refitDue()) {
                live.refit();
            }
        }
        Forecast streamed = live.forecast();
        assertThat(live.recentCoverage()).as("one-hour-ahead bound's coverage").isBetween(0.9, 1.0);
        assertThat(streamed.model).startsWith("dshw");
        assertThat(streamed.firstHour).isEqualTo(START + 6 * 168);

        byte[] state = live.toBytes();
        assertThat(state.length).isLessThanOrEqualTo(SegmentForecaster.MAX_STATE_BYTES);
        SegmentForecaster restored = SegmentForecaster.fromBytes(state, 0.975);
        assertThat(restored.forecast().point).isEqualTo(streamed.point);
        assertThat(streamed.totals).isNotNull();
        assertThat(restored.forecast().totals.offsets()).isEqualTo(streamed.totals.offsets());
        assertThat(restored.toBytes()).isEqualTo(state);
        assertThat(restored.recentCoverage()).isEqualTo(live.recentCoverage());

        long next = START + 6 * 168;
        double v = value(next, r);
        live.observe(next, v);
        restored.observe(next, v);
        assertThat(restored.forecast().upper).isEqualTo(live.forecast().upper);
    }

    @Test
    void aYoungSegmentRefitsEveryHourAndSaysWhy() {
        SegmentForecaster f = new SegmentForecaster(0.975);
        Random r = new Random(3);
        f.observe(START, value(START, r));
        assertThat(f.forecast().note).contains("< 24");
        for (long t = START + 1; t < START + 30; t++) {
            f.observe(t, value(t, r));
        }
        assertThat(f.refitDue()).isTrue();
        f.refit();
        assertThat(f.forecast().model).isEqualTo("seasonal-naive-24");
    }

    @Test
    void gapsAreMissingHoursAndLateHoursAreRefused() {
        SegmentForecaster f = new SegmentForecaster(0.975);
        assertThat(f.observe(START, 5)).isTrue();
        assertThat(f.observe(START + 3, 7)).isTrue();
        assertThat(f.observe(START + 2, 9)).isFalse();
        double[] h = f.history();
        assertThat(h).hasSize(4);
        assertThat(h[0]).isCloseTo(5, within(5 * 2e-4));
        assertThat(h[1]).isNaN();
        assertThat(h[2]).isNaN();
        assertThat(h[3]).isCloseTo(7, within(7 * 2e-4));
    }

    @Test
    void historyIsBoundedToTwoYearsAndAWeek() {
        SegmentForecaster f = new SegmentForecaster(0.975);
        for (long t = 0; t < SegmentForecaster.HISTORY_HOURS + 100; t++) {
            f.observe(START + t, t);
        }
        double[] h = f.history();
        assertThat(h).hasSize(SegmentForecaster.HISTORY_HOURS);
        assertThat(h[0]).isCloseTo(100, within(100 * 2e-4));
        assertThat(h[h.length - 1]).isCloseTo(SegmentForecaster.HISTORY_HOURS + 99,
                within(SegmentForecaster.HISTORY_HOURS * 2e-4));
    }

    @Test
    void aSegmentWithYearsOfHistoryReachesTheRegressionAndStaysWithinItsStateBound() {
        int hours = SegmentForecaster.HISTORY_HOURS;
        double[] y = RegressionTest.yearlySeries(hours + 168, 1);
        SegmentForecaster f = new SegmentForecaster(0.975);
        for (int t = 0; t < hours; t++) {
            f.observe(START + t, y[t]);
        }
        f.refit();
        Forecast forecast = f.forecast();
        assertThat(forecast.model).startsWith("regression/log1p");
        assertThat(RegressionTest.errorAgainstWeeklyNaive(y, hours, forecast.point)).isLessThan(0.9);

        byte[] state = f.toBytes();
        assertThat(state.length).isLessThanOrEqualTo(SegmentForecaster.MAX_STATE_BYTES);
        SegmentForecaster restored = SegmentForecaster.fromBytes(state, 0.975);
        assertThat(restored.forecast().point).isEqualTo(forecast.point);
        assertThat(restored.toBytes()).isEqualTo(state);

        // The regression is a full model: refitted daily, not every hour (each refit with two years costs ~40 ms).
        f.observe(START + hours, y[hours]);
        assertThat(f.refitDue()).isFalse();
    }

    /** Ten days of a series that repeats exactly every week: every validation error is zero. */
    private static SegmentForecaster youngRegularSegment() {
        SegmentForecaster f = new SegmentForecaster(0.975);
        for (int i = 0; i < 10 * 24; i++) {
            f.observe(493_000 + i, Math.round(50 + 30 * Math.sin(2 * Math.PI * i / 24.0) + (i % 7)));
        }
        f.refit();
        return f;
    }

    @Test
    void aYoungSegmentsBoundFollowsTheConservativeRuleNotAZeroWidthCalibration() {
        Forecast forecast = youngRegularSegment().forecast();
        assertThat(forecast.note).contains("origins only").contains("twice the point");
        for (int h = 0; h < forecast.point.length; h++) {
            assertThat(forecast.upper[h]).isGreaterThanOrEqualTo(2 * forecast.point[h]).isGreaterThanOrEqualTo(86);
        }
    }

    /** The checked-in snapshot written by that version of SegmentForecaster, restored by this one. */
    private SegmentForecaster restoredSnapshot(int version) throws Exception {
        byte[] bytes = getClass().getResourceAsStream("/snapshots/segment-forecaster-v" + version + ".bin")
                .readAllBytes();
        assertThat(bytes[0]).isEqualTo((byte) version);
        return SegmentForecaster.fromBytes(bytes, 0.975);
    }

    /** The restored forecaster's forecast, checked to be of the model and hour its version printed. */
    private static Forecast forecastOf(SegmentForecaster restored, String model, long firstHour) {
        Forecast forecast = restored.forecast();
        assertThat(forecast.model).isEqualTo(model);
        assertThat(forecast.firstHour).isEqualTo(firstHour);
        return forecast;
    }

    /** An old snapshot's forecaster written again: a snapshot of the current version, read back. */
    private static SegmentForecaster rewrittenAsCurrent(SegmentForecaster restored) {
        byte[] current = restored.toBytes();
        assertThat(current[0]).isEqualTo(SegmentForecaster.VERSION);
        return SegmentForecaster.fromBytes(current, 0.975);
    }

    @Test
    void aSnapshotOfTheVersionBeforeRestoresWithItsForecastsUnchanged() throws Exception {
        // Written by SegmentForecaster version 3 (commit 1bdb483) from youngRegularSegment(): model and forecasts
        // as that version printed them.
        SegmentForecaster restored = restoredSnapshot(3);
        Forecast forecast = forecastOf(restored, "seasonal-naive-168", 493_240);
        assertThat(forecast.point[0]).isEqualTo(52.00880770334555);
        assertThat(forecast.upper[0]).isEqualTo(52.00880770334555);  // version 3 had no young floor
        assertThat(forecast.point[100]).isEqualTo(79.9866141149024);
        // Written again, it is a current snapshot that restores to the same forecasts.
        assertThat(rewrittenAsCurrent(restored).forecast().point).isEqualTo(forecast.point);
        assertThatThrownBy(() -> SegmentForecaster.fromBytes(new byte[] {2}, 0.975))
                .hasMessageContaining("version 2 is not one of 3..10");
    }

    @Test
    void aVersion4FullModelRestoresWithItsForecastsAndGetsDayTotalBoundsAtItsNextRefit() throws Exception {
        // Written by SegmentForecaster version 4 (commit 8bb2228) after the six weeks of
        // streamingMatchesAFitOnTheSameHistoryAndSurvivesASnapshot; the figures are what that version printed.
        SegmentForecaster restored = restoredSnapshot(4);
        Forecast forecast = forecastOf(restored, "dshw-ar1+stl-ets/sqrt", 483_008);
        assertThat(forecast.point[0]).isEqualTo(943.6274079833679);
        assertThat(forecast.upper[100]).isEqualTo(1212.9148974316747);
        assertThat(forecast.totals).as("version 4 calibrated no day totals").isNull();
        restored.refit();
        assertThat(restored.forecast().totals).isNotNull();
    }

    @Test
    void aVersion5SnapshotRestoresWithItsDayTotalBoundServingEventDaysToo() throws Exception {
        // Written by SegmentForecaster version 5 (commit a0d5d79) from the version-4 snapshot above after a refit;
        // the figures are what that version printed.
        SegmentForecaster restored = restoredSnapshot(5);
        Forecast forecast = restored.forecast();
        assertThat(forecast.model).isEqualTo("dshw-ar1+stl-ets/sqrt");
        assertThat(forecast.point[0]).isEqualTo(943.6274079833679);
        assertThat(forecast.totals.offsets()[0]).isEqualTo(1.9658876547720183);
        assertThat(forecast.total(24, 24).upper()).isEqualTo(19653.96700518169);
        assertThat(forecast.totals.eventOffsets()).as("calibrated on all days, as version 5 was")
                .isEqualTo(forecast.totals.offsets());
        assertThat(rewrittenAsCurrent(restored).forecast().totals.eventOffsets()).isEqualTo(forecast.totals.offsets());
    }

    @Test
    void aVersion6SnapshotKeepsItsEventEffectsUntilARefitGivesEachEventItsOwnPrior() throws Exception {
        // Written by SegmentForecaster version 6 (commit 033a1fa): 8 weeks of a daily cycle around 300 an hour with
        // past ×2.5 sales, refitted with a ×2.5 sale and a holiday announced on the same day ahead (hours 48–71);
        // the figures are what that version printed. One effect per kind then: the sale's.
        SegmentForecaster restored = restoredSnapshot(6);
        Forecast forecast = forecastOf(restored, "dshw-ar1/log1p+events", 484_344);
        assertThat(forecast.point[0]).isEqualTo(63.3314469918936);
        assertThat(forecast.point[60]).isEqualTo(1183.7749551423176);
        assertThat(forecast.upper[60]).isEqualTo(1407.6147639685494);
        assertThat(rewrittenAsCurrent(restored).forecast().point).isEqualTo(forecast.point);

        // Refitted with the same events, and then with a ×2 day announced on the sale day too: ×5 there, not ×2.5.
        long first = 483_000;
        long next = forecast.firstHour;
        List<ExternalEvent> events = new ArrayList<>();
        for (int week = 2; week < 8; week += 2) {
            long sale = first + week * 168L + 96;
            events.add(new ExternalEvent("sale " + week, ExternalEvent.Kind.PROMOTION, sale, sale + 24, null, 2.5));
        }
        events.add(new ExternalEvent("sale ahead", ExternalEvent.Kind.PROMOTION, next + 48, next + 72, null, 2.5));
        events.add(new ExternalEvent("holiday ahead", ExternalEvent.Kind.HOLIDAY, next + 48, next + 72, null, null));
        restored.refit(events);
        double sale = restored.forecast().point[60];
        events.add(new ExternalEvent("black friday", ExternalEvent.Kind.PROMOTION, next + 48, next + 72, null, 2.0));
        restored.refit(events);
        assertThat(restored.forecast().point[60] / sale).isCloseTo(2.0, within(0.01));
        assertThat(restored.forecast().point[30]).isEqualTo(forecast.point[30], within(0.05 * forecast.point[30]));
    }

    @Test
    void aVersion7SnapshotForecastsWithoutDriftUntilARefitLearnsIt() throws Exception {
        // Written by SegmentForecaster version 7 (commit ddfa108) after 8 weeks of DriftingEvening.counts(.., 8, 1):
        // an evening gaining 8 a day; the figures are what that version printed.
        SegmentForecaster restored = restoredSnapshot(7);
        Forecast forecast = forecastOf(restored, "dshw-ar1/sqrt", 484_344);
        assertThat(forecast.point[0]).isEqualTo(118.93279519164727);
        assertThat(forecast.point[164]).isEqualTo(737.4088911392471); // 20:00, six days ahead
        assertThat(forecast.upper[164]).isEqualTo(828.3228845830719);
        assertThat(rewrittenAsCurrent(restored).forecast().point).isEqualTo(forecast.point);

        restored.refit();
        Forecast refitted = restored.forecast();
        assertThat(refitted.model).isEqualTo("dshw-ar1/sqrt+drift");
        double truth = DriftingEvening.mean(forecast.firstHour + 164, 8);
        assertThat(Math.abs(refitted.point[164] - truth)).isLessThan(Math.abs(forecast.point[164] - truth) / 2);
        byte[] state = restored.toBytes();
        assertThat(state[0]).isEqualTo(SegmentForecaster.VERSION);
        SegmentForecaster again = SegmentForecaster.fromBytes(state, 0.975);
        assertThat(again.forecast().point).isEqualTo(refitted.point);
        assertThat(again.toBytes()).isEqualTo(state);
    }

    @Test
    void aVersion8SnapshotKeepsOneWidthForAllHoursUntilARefitScalesItByClockHour() throws Exception {
        // Written by SegmentForecaster version 8 (commit c7cd672) after 8 weeks of QuietNights.counts(.., 1): quiet
        // nights, busy days, noise beyond Poisson's; the figures are what that version printed.
        SegmentForecaster restored = restoredSnapshot(8);
        Forecast forecast = forecastOf(restored, "dshw-ar1+stl-ets/log1p+drift", 484_344); // 00:00
        assertThat(forecast.point[0]).isEqualTo(3.7170519480647624);
        assertThat(forecast.upper[4]).isEqualTo(14.54952470865054);
        assertThat(forecast.upper[12]).isEqualTo(494.1400369234678);
        assertThat(rewrittenAsCurrent(restored).forecast().upper).isEqualTo(forecast.upper);
        // One offset for the first day's hours in log1p space, night and noon alike.
        assertThat(logWidth(forecast, 4)).isCloseTo(logWidth(forecast, 12), within(1e-9));

        restored.refit();
        Forecast refitted = restored.forecast();
        assertThat(refitted.point).isEqualTo(forecast.point);
        // On log1p a few counts an hour are relatively noisier than hundreds: the night's bound is wider there now
        // (by 7 %, the hours' differences shrunk as far as they were noise).
        assertThat(logWidth(refitted, 4) / logWidth(refitted, 12)).isGreaterThan(1.05);
        byte[] state = restored.toBytes();
        assertThat(SegmentForecaster.fromBytes(state, 0.975).forecast().upper).isEqualTo(refitted.upper);
    }

    @Test
    void aVersion9SnapshotKeepsItsCalibratedBoundsUntilARefitMakesThemWhole() throws Exception {
        // Written by SegmentForecaster version 9 (commit 8dc69db) after 8 weeks of QuietNights.counts(.., 1); the
        // figures are what that version printed.
        SegmentForecaster restored = restoredSnapshot(9);
        Forecast forecast = forecastOf(restored, "dshw-ar1+stl-ets/log1p+drift", 484_344);
        assertThat(forecast.point[4]).isEqualTo(5.502946724031095);
        assertThat(forecast.upper[4]).isEqualTo(14.652657461652717);
        assertThat(forecast.upper[12]).isEqualTo(447.1677349710348);
        assertThat(rewrittenAsCurrent(restored).forecast().upper).isEqualTo(forecast.upper);

        restored.refit();
        Forecast refitted = restored.forecast();
        assertThat(refitted.point).isEqualTo(forecast.point);
        assertThat(refitted.upper[4]).isEqualTo(15);
        assertThat(refitted.upper[12]).isEqualTo(447);
        for (int h = 0; h < refitted.upper.length; h++) {
            assertThat(refitted.upper[h]).isEqualTo(Math.rint(forecast.upper[h]), within(1e-9));
        }
        byte[] state = restored.toBytes();
        assertThat(SegmentForecaster.fromBytes(state, 0.975).forecast().upper).isEqualTo(refitted.upper);
    }

    private static double logWidth(Forecast f, int h) {
        return Math.log1p(f.upper[h]) - Math.log1p(f.point[h]);
    }

    @Test
    void refusesWhatIsNotACount() {
        SegmentForecaster f = new SegmentForecaster(0.975);
        assertThatThrownBy(() -> f.observe(START, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1.0 is not a count");
        assertThatThrownBy(() -> f.observe(START, Double.POSITIVE_INFINITY))
                .hasMessageContaining("Infinity is not a count");
        assertThat(f.observe(START, Double.NaN)).isTrue();
    }

    @Test
    void aSilenceLongerThanTheHistoryStartsOverInsteadOfFillingYearsOfGaps() {
        SegmentForecaster f = youngRegularSegment();
        long farLater = 493_000L + 50L * SegmentForecaster.HISTORY_HOURS;
        for (int i = 0; i < 3; i++) {
            assertThat(f.observe(farLater + i, 7)).isTrue();
        }
        Forecast forecast = f.forecast();
        assertThat(forecast.firstHour).isEqualTo(farLater + 3);
        assertThat(forecast.point[0]).isCloseTo(7, within(0.01));  // only the new hours: a flat mean of 7
    }
}
