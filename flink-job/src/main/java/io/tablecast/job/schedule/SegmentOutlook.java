package io.tablecast.job.schedule;

import io.tablecast.connectors.model.SegmentForecast;

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
     * The outlook for [windowStart, windowEnd) from an hourly forecast. Hours of the window the forecast does not
     * reach are taken at the mean of those it does. The window's upper bound adds the hourly margins (upper − point)
     * as independent errors, root of the sum of squares: tighter than summing hourly upper bounds, which assumes every
     * hour is at its 97.5 % extreme at once. Hourly errors of real series are correlated, so this is a stand-in until
     * the forecaster calibrates a bound for window totals itself (issue #7, item 2).
     */
    public static SegmentOutlook fromForecast(SegmentForecast f, long windowStartMillis, long windowEndMillis) {
        long firstHour = Math.floorDiv(windowStartMillis, HOUR_MILLIS);
        long hours = Math.max(1, (windowEndMillis - windowStartMillis) / HOUR_MILLIS);
        double point = 0;
        double squaredMargins = 0;
        double peak = 0;
        int covered = 0;
        for (long h = firstHour; h < firstHour + hours; h++) {
            int i = (int) (h - f.firstHour);
            if (i >= 0 && i < f.point.length) {
                point += f.point[i];
                double margin = f.upper[i] - f.point[i];
                squaredMargins += margin * margin;
                peak = Math.max(peak, f.upper[i]);
                covered++;
            }
        }
        if (covered == 0) {
            return new SegmentOutlook(f.segmentId, 0, 0, 0);
        }
        double scale = hours / (double) covered;
        double expected = point * scale;
        double upper = expected + Math.sqrt(squaredMargins * scale);
        return new SegmentOutlook(f.segmentId, expected, upper, peak / 3600.0);
    }

    @Override
    public String toString() {
        return segmentId + "{expected " + Math.round(expectedRows) + ", upper " + Math.round(upperRows) + "}";
    }
}
