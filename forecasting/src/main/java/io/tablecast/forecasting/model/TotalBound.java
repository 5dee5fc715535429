package io.tablecast.forecasting.model;

import org.apache.commons.math3.distribution.TDistribution;

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
 * errors, never tighter than an earlier day's, and at least the first day's grown as the model's own wandering level
 * grows the error, as {@link ConformalBound} grows hourly bands: a day's total is most of all its level, and sixty
 * origins rarely see a wander as large as the next one (electricity, development part: 0.80 of days covered without
 * the floor, 0.96 with it).
 *
 * <p>Days an external event touches (a promotion, a holiday) are calibrated apart from the others. A promotion's
 * day misses by more than an ordinary day (its effect is an estimate from a few past ones), and from some sixty
 * origins the 97.5 % quantile is the largest error: calibrated together, the few event days set the bound of every
 * day — on the generated card check a promotion segment's ordinary days got 2.8× their point, yet its promotion
 * days were still under-covered, being a different kind of error. Event days get the quantile of the event days'
 * errors (all days ahead together: there are few), never below the ordinary offset; where fewer than
 * {@value #MIN_EVENT_DAYS} were seen, the offsets calibrated on all days, as wide as before this split.
 *
 * <p>The same errors also say what a day's total is expected to be: a model's point can be biased on totals (the
 * back-transformed square root of a sparse count sums low), and a bias, unlike noise, is shared by every segment
 * with it. {@link #expected} shifts the point by the mean error of the ordinary days, so that a table holding many
 * small segments, whose margins are combined as partly independent, is sized on their unbiased sum.
 */
public final class TotalBound {
    public static final int SPAN_HOURS = 24;
    /** Event days needed to calibrate them on their own. */
    static final int MIN_EVENT_DAYS = 5;

    private final double[] offsetByDay;
    private final double[] eventOffsetByDay;
    /** Per day ahead, the mean root error of ordinary days: the point's bias on totals. */
    private final double[] centreByDay;

    private TotalBound(double[] offsetByDay, double[] eventOffsetByDay, double[] centreByDay) {
        this.offsetByDay = offsetByDay;
        this.eventOffsetByDay = eventOffsetByDay;
        this.centreByDay = centreByDay;
    }

    /**
     * As {@link #fromTotals(double[][], double[][], boolean[][], double, double)} with no event days and no growth
     * floor.
     */
    public static TotalBound fromTotals(double[][] actual, double[][] forecast, double quantile) {
        return fromTotals(actual, forecast, null, quantile, 0);
    }

    /**
     * @param actual     actual[origin][d]: the total of day d after the origin (NaN: not known in full)
     * @param forecast   forecast[origin][d]: the forecast total of that day, in counts
     * @param eventDay   eventDay[origin][d]: whether an external event touched that day; null: none did
     * @param levelAlpha the model's level weight, for the growth floor (see
     *                   {@link ConformalBound#fromErrors(double[][], int, double, double)}); 0: none
     */
    public static TotalBound fromTotals(double[][] actual, double[][] forecast, boolean[][] eventDay,
                                        double quantile, double levelAlpha) {
        int days = actual.length == 0 ? 1 : Math.max(1, actual[0].length);
        double[][] error = new double[actual.length][];
        for (int o = 0; o < actual.length; o++) {
            error[o] = new double[actual[o].length];
            for (int d = 0; d < actual[o].length; d++) {
                error[o][d] = Double.isNaN(actual[o][d]) ? Double.NaN
                        : Math.sqrt(Math.max(0, actual[o][d])) - Math.sqrt(Math.max(0, forecast[o][d]));
            }
        }
        double[] centres = meanPerDay(error, eventDay, days);
        if (eventDay == null) {
            double[] all = perDay(error, null, days, quantile, true, levelAlpha);
            return new TotalBound(all, all, centres);
        }
        double[] ordinary = perDay(error, eventDay, days, quantile, false, levelAlpha);
        double[] eventSample = new double[actual.length * days];
        int n = 0;
        for (int o = 0; o < error.length; o++) {
            for (int d = 0; d < error[o].length; d++) {
                if (eventDay[o][d] && !Double.isNaN(error[o][d])) {
                    eventSample[n++] = error[o][d];
                }
            }
        }
        if (n < MIN_EVENT_DAYS) {
            return new TotalBound(ordinary, perDay(error, eventDay, days, quantile, true, levelAlpha), centres);
        }
        double eventOffset = offsetOf(eventSample, n, quantile);
        double[] event = new double[days];
        for (int d = 0; d < days; d++) {
            event[d] = Math.max(ordinary[d], eventOffset);
        }
        return new TotalBound(ordinary, event, centres);
    }

    /** Per day ahead, the mean error of the days no event touched (0 where none is known). */
    private static double[] meanPerDay(double[][] error, boolean[][] eventDay, int days) {
        double[] centres = new double[days];
        for (int d = 0; d < days; d++) {
            double sum = 0;
            int n = 0;
            for (int o = 0; o < error.length; o++) {
                if (d < error[o].length && !Double.isNaN(error[o][d]) && (eventDay == null || !eventDay[o][d])) {
                    sum += error[o][d];
                    n++;
                }
            }
            centres[d] = n == 0 ? 0 : sum / n;
        }
        return centres;
    }

    /** Per day ahead, the quantile of the errors of all days ({@code withEvents}) or of the days no event touched. */
    private static double[] perDay(double[][] error, boolean[][] eventDay, int days, double quantile,
                                   boolean withEvents, double levelAlpha) {
        double[] offsets = new double[days];
        double[] sample = new double[error.length];
        for (int d = 0; d < days; d++) {
            int n = 0;
            for (int o = 0; o < error.length; o++) {
                boolean event = eventDay != null && eventDay[o][d];
                if (d < error[o].length && !Double.isNaN(error[o][d]) && (withEvents || !event)) {
                    sample[n++] = error[o][d];
                }
            }
            offsets[d] = n == 0 ? (d == 0 ? 0 : offsets[d - 1]) : offsetOf(sample, n, quantile);
            if (d > 0) {
                offsets[d] = Math.max(offsets[d], offsets[d - 1]);
                offsets[d] = Math.max(offsets[d], offsets[0] * ConformalBound.growth(levelAlpha, d));
            }
        }
        return offsets;
    }

    /**
     * The split-conformal quantile of the first n errors; where they are too few for it, at least the Student-t
     * prediction bound from their mean and spread. Below (n + 1)·q > n — 39 errors at 0.975 — the conformal quantile
     * is the largest error, which a new one stays under only n/(n + 1) of the time: 0.875 with a week of origins. A
     * segment a few weeks old has no more for its day totals (one per origin and day ahead); in the schedule's
     * acceptance run the segments' day totals from the fifth week covered 92.5 %.
     */
    static double offsetOf(double[] sample, int n, double quantile) {
        double conformal = ConformalBound.conformalQuantile(sample, n, quantile);
        if (n < 3 || (n + 1) * quantile <= n) {
            return conformal;
        }
        double mean = 0;
        for (int i = 0; i < n; i++) {
            mean += sample[i] / n;
        }
        double squares = 0;
        for (int i = 0; i < n; i++) {
            squares += (sample[i] - mean) * (sample[i] - mean);
        }
        double t = new TDistribution(null, n - 1).inverseCumulativeProbability(quantile);
        return Math.max(conformal, mean + t * Math.sqrt(squares / (n - 1) * (1 + 1.0 / n)));
    }

    /** A bound with the same offsets for event days as for others, and no bias in the point. */
    public static TotalBound of(double[] offsetByDay) {
        return of(offsetByDay, null, null);
    }

    /**
     * @param eventOffsetByDay the event days' offsets; null: the same as other days' (a bound calibrated before
     *                         event days were apart)
     * @param centreByDay      the point's bias per day ahead; null: none known
     */
    public static TotalBound of(double[] offsetByDay, double[] eventOffsetByDay, double[] centreByDay) {
        double[] event = eventOffsetByDay == null ? offsetByDay : eventOffsetByDay;
        double[] centres = centreByDay == null ? new double[offsetByDay.length] : centreByDay;
        if (offsetByDay.length == 0 || event.length != offsetByDay.length || centres.length != offsetByDay.length) {
            throw new IllegalArgumentException("a total bound needs at least one day's offset, as many for event days"
                    + " and centres; had " + offsetByDay.length + ", " + event.length + " and " + centres.length);
        }
        return new TotalBound(offsetByDay.clone(), event.clone(), centres.clone());
    }

    /**
     * The expected total of a 24-hour span whose point forecast is {@code pointTotal}, starting {@code hoursAhead}
     * hours after the forecast's first hour: the point shifted by the ordinary days' mean root error.
     */
    public double expected(double pointTotal, double hoursAhead) {
        double root = Math.max(0, Math.sqrt(Math.max(0, pointTotal)) + at(centreByDay, hoursAhead));
        return root * root;
    }

    /** As {@link #upper(double, double, boolean)} for a day no external event touches. */
    public double upper(double pointTotal, double hoursAhead) {
        return upper(pointTotal, hoursAhead, false);
    }

    /**
     * The upper bound of a 24-hour total whose point forecast is {@code pointTotal}, the span starting
     * {@code hoursAhead} hours after the forecast's first hour; offsets between whole days are interpolated, past
     * the last day the last holds.
     *
     * @param event whether an external event touches the span
     */
    public double upper(double pointTotal, double hoursAhead, boolean event) {
        double offset = at(event ? eventOffsetByDay : offsetByDay, hoursAhead);
        double root = Math.sqrt(Math.max(0, pointTotal)) + Math.max(0, offset);
        return Math.max(Math.max(pointTotal, expected(pointTotal, hoursAhead)), root * root);
    }

    /** The per-day value at a span {@code hoursAhead} hours on: interpolated between days, the last held past them. */
    private static double at(double[] perDay, double hoursAhead) {
        double day = Math.max(0, hoursAhead / SPAN_HOURS);
        int d = (int) Math.floor(day);
        if (d >= perDay.length - 1) {
            return perDay[perDay.length - 1];
        }
        double t = day - d;
        return (1 - t) * perDay[d] + t * perDay[d + 1];
    }

    public double[] offsets() {
        return offsetByDay.clone();
    }

    public double[] eventOffsets() {
        return eventOffsetByDay.clone();
    }

    public double[] centres() {
        return centreByDay.clone();
    }
}
