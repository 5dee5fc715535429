package io.tablecast.forecasting.model;

/**
 * Upper bounds for the total of 24 consecutive hours — what a table for a day's window is sized by — calibrated on
 * totals from past forecast origins, as {@link ConformalBound} calibrates hours. A day's total cannot be assembled
 * from hourly bounds: summing them assumes every hour at its extreme at once, adding them as independent errors
 * (root of the sum of squares) ignores that a level that is off is off all day, and neither sees the bias a model
 * may have on totals while being right on hours (a median under-sums a skewed day).
 *
 * <p>Errors are taken between the square roots of actual and forecast totals: the root steadies a count's noise,
 * whose spread grows with its level, so errors of a segment's quiet and busy weeks are comparable. One offset per
 * day ahead (the span starting 0, 24, ... 144 hours after the origin), the split-conformal quantile of that day's
 * errors, never tighter than an earlier day's.
 */
public final class TotalBound {
    public static final int SPAN_HOURS = 24;

    private final double[] offsetByDay;

    private TotalBound(double[] offsetByDay) {
        this.offsetByDay = offsetByDay;
    }

    /**
     * @param actual   actual[origin][d]: the total of day d after the origin (NaN: not known in full)
     * @param forecast forecast[origin][d]: the forecast total of that day, in counts
     */
    public static TotalBound fromTotals(double[][] actual, double[][] forecast, double quantile) {
        int days = actual.length == 0 ? 0 : actual[0].length;
        double[] offsets = new double[Math.max(1, days)];
        double[] sample = new double[actual.length];
        for (int d = 0; d < days; d++) {
            int n = 0;
            for (int o = 0; o < actual.length; o++) {
                if (!Double.isNaN(actual[o][d])) {
                    sample[n++] = Math.sqrt(Math.max(0, actual[o][d])) - Math.sqrt(Math.max(0, forecast[o][d]));
                }
            }
            offsets[d] = n == 0 ? (d == 0 ? 0 : offsets[d - 1]) : ConformalBound.conformalQuantile(sample, n, quantile);
            if (d > 0) {
                offsets[d] = Math.max(offsets[d], offsets[d - 1]);
            }
        }
        return new TotalBound(offsets);
    }

    public static TotalBound of(double[] offsetByDay) {
        if (offsetByDay.length == 0) {
            throw new IllegalArgumentException("a total bound needs at least one day's offset");
        }
        return new TotalBound(offsetByDay.clone());
    }

    /**
     * The upper bound of a 24-hour total whose point forecast is {@code pointTotal}, the span starting
     * {@code hoursAhead} hours after the forecast's first hour; offsets between whole days are interpolated, past
     * the last day the last holds.
     */
    public double upper(double pointTotal, double hoursAhead) {
        double day = Math.max(0, hoursAhead / SPAN_HOURS);
        int d = (int) Math.floor(day);
        double offset;
        if (d >= offsetByDay.length - 1) {
            offset = offsetByDay[offsetByDay.length - 1];
        } else {
            double t = day - d;
            offset = (1 - t) * offsetByDay[d] + t * offsetByDay[d + 1];
        }
        double root = Math.sqrt(Math.max(0, pointTotal)) + Math.max(0, offset);
        return Math.max(pointTotal, root * root);
    }

    public double[] offsets() {
        return offsetByDay.clone();
    }
}
