package io.tablecast.job.schedule;

import io.tablecast.connectors.model.SegmentForecast;
import io.tablecast.forecasting.SpanTotal;
import io.tablecast.forecasting.model.TotalBound;

/**
 * What a segment is expected to write in one window: rows (point), an upper bound of rows for the whole window, and
 * its peak rate. The schedule sizes and packs tables by the upper bound.
 */
public final class SegmentOutlook {
    private static final long HOUR_MILLIS = 3_600_000L;

    public final String segmentId;
    public final double expectedRows;
    public final double upperRows;
    public final double peakRowsPerSecond;

    public SegmentOutlook(String segmentId, double expectedRows, double upperRows, double peakRowsPerSecond) {
        if (!(expectedRows >= 0) || !(upperRows >= expectedRows) || !(peakRowsPerSecond >= 0)) {
            throw new IllegalArgumentException("outlook of " + segmentId + " is inconsistent: expected "
                    + expectedRows + ", upper " + upperRows + ", peak " + peakRowsPerSecond);
        }
        this.segmentId = segmentId;
        this.expectedRows = expectedRows;
        this.upperRows = upperRows;
        this.peakRowsPerSecond = peakRowsPerSecond;
    }

    /**
     * The outlook for [windowStart, windowEnd) from an hourly forecast: a window of whole days is bounded by the
     * forecast's day-total bounds, calibrated as such (days with an external event in them by those calibrated on
     * such days); other windows and forecasts without them by the hourly margins ({@link SpanTotal} says how).
     */
    public static SegmentOutlook fromForecast(SegmentForecast f, long windowStartMillis, long windowEndMillis) {
        long firstHour = Math.floorDiv(windowStartMillis, HOUR_MILLIS);
        int hours = (int) Math.max(1, (windowEndMillis - windowStartMillis) / HOUR_MILLIS);
        TotalBound totals = f.dayTotalOffsets == null || f.dayTotalOffsets.length == 0 ? null
                : TotalBound.of(f.dayTotalOffsets, f.dayTotalEventOffsets, f.dayTotalCentres);
        SpanTotal total = SpanTotal.of(f.point, f.upper, totals, f.eventHours, firstHour - f.firstHour, hours);
        return new SegmentOutlook(f.segmentId, total.expected(), total.upper(), total.peakUpper() / 3600.0);
    }

    @Override
    public String toString() {
        return segmentId + "{expected " + Math.round(expectedRows) + ", upper " + Math.round(upperRows) + "}";
    }
}
