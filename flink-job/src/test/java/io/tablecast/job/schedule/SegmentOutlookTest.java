package io.tablecast.job.schedule;

import io.tablecast.connectors.model.SegmentForecast;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SegmentOutlookTest {
    private static final long HOUR = 3_600_000L;
    /** A forecast issued at 19:00 of day 20 000: the next day's window starts 5 hours into it. */
    private static final long FIRST_HOUR = 20_000L * 24 + 19;
    private static final long NEXT_DAY = 20_001L * 24 * HOUR;

    private static SegmentForecast forecast(double[] dayTotalOffsets) {
        double[] point = new double[168];
        double[] upper = new double[168];
        Arrays.fill(point, 10);
        Arrays.fill(upper, 16);
        return new SegmentForecast("s", FIRST_HOUR, FIRST_HOUR * HOUR, FIRST_HOUR, point, upper, dayTotalOffsets,
                "test", null);
    }

    @Test
    void aDaysWindowIsSizedByTheForecastsDayTotalBound() {
        SegmentOutlook o = SegmentOutlook.fromForecast(forecast(new double[] {1, 3, 3, 3, 3, 3, 3}), NEXT_DAY,
                NEXT_DAY + 24 * HOUR);
        assertThat(o.expectedRows).isCloseTo(240, within(1e-9));
        // The window starts 5 h after the forecast's first hour: offset 1 + (5/24)·(3 − 1).
        assertThat(o.upperRows).isCloseTo(Math.pow(Math.sqrt(240) + 1 + 10.0 / 24, 2), within(1e-9));
        assertThat(o.peakRowsPerSecond).isCloseTo(16 / 3600.0, within(1e-12));
    }

    @Test
    void aDayWithAnEventInItIsSizedByTheEventDaysBound() {
        boolean[] events = new boolean[168];
        events[5 + 24 + 12] = true;  // noon of the day after next
        SegmentForecast f = forecast(new double[] {1, 1, 1, 1, 1, 1, 1})
                .withDayTotals(new double[] {4, 4, 4, 4, 4, 4, 4}, events, null);
        assertThat(SegmentOutlook.fromForecast(f, NEXT_DAY, NEXT_DAY + 24 * HOUR).upperRows)
                .isCloseTo(Math.pow(Math.sqrt(240) + 1, 2), within(1e-9));
        assertThat(SegmentOutlook.fromForecast(f, NEXT_DAY + 24 * HOUR, NEXT_DAY + 48 * HOUR).upperRows)
                .isCloseTo(Math.pow(Math.sqrt(240) + 4, 2), within(1e-9));
        // A two-day window: the ordinary day and the event day, each by its own bound.
        assertThat(SegmentOutlook.fromForecast(f, NEXT_DAY, NEXT_DAY + 48 * HOUR).upperRows)
                .isCloseTo(Math.pow(Math.sqrt(240) + 1, 2) + Math.pow(Math.sqrt(240) + 4, 2), within(1e-9));
    }

    @Test
    void theExpectedRowsAreCorrectedForThePointsBiasOnDayTotals() {
        SegmentForecast f = forecast(new double[] {3, 3, 3, 3, 3, 3, 3})
                .withDayTotals(null, null, new double[] {2, 2, 2, 2, 2, 2, 2});
        SegmentOutlook o = SegmentOutlook.fromForecast(f, NEXT_DAY, NEXT_DAY + 24 * HOUR);
        assertThat(o.expectedRows).isCloseTo(Math.pow(Math.sqrt(240) + 2, 2), within(1e-9));
        assertThat(o.upperRows).isCloseTo(Math.pow(Math.sqrt(240) + 3, 2), within(1e-9));
    }

    @Test
    void aWindowOfPartOfADayIsBoundedAtLeastAsItsDayIs() {
        // Six hours of a day bounded at 1.27× its total (offset 2 on 240): 60 rows expected, 76.2 at most — above the
        // root-sum-square of their hourly margins, 74.7.
        SegmentOutlook o = SegmentOutlook.fromForecast(forecast(new double[] {2, 2, 2, 2, 2, 2, 2}), NEXT_DAY,
                NEXT_DAY + 6 * HOUR);
        assertThat(o.expectedRows).isCloseTo(60, within(1e-9));
        assertThat(o.upperRows).isCloseTo(60 * Math.pow(Math.sqrt(240) + 2, 2) / 240, within(1e-9));
        assertThat(o.upperRows).isGreaterThan(60 + Math.sqrt(6 * 36));
    }

    @Test
    void withoutDayTotalBoundsTheHourlyMarginsAddAsIndependentErrors() {
        SegmentOutlook o = SegmentOutlook.fromForecast(forecast(null), NEXT_DAY, NEXT_DAY + 24 * HOUR);
        assertThat(o.upperRows).isCloseTo(240 + Math.sqrt(24 * 36), within(1e-9));
    }
}
