package io.tablecast.forecasting.model;

import java.util.Arrays;
import java.util.List;

/**
 * How wide a model's errors run at each clock hour, relative to all hours: the upper bound is calibrated on errors
 * divided by it and multiplied back by it (normalised conformal prediction), so that a quiet night's bound is not the
 * busy noon's.
 *
 * <p>Counts whose noise is beyond Poisson's are wider at busy hours than at quiet ones on any one transform: on the
 * generated card check one bound for all hours covered the nights by far more than the days. Each clock hour's
 * width is a tail of its absolute errors, shrunk towards the pooled tail as far as the hours' differences are noise:
 * the shrinkage is the split-half reliability, the correlation across the 24 hours of the (log) tails measured on even
 * and on odd days. Where no hour differs but by chance (the sparse-count check) it is at most zero and the bound stays
 * one for all hours — no invented pattern.
 *
 * <p>The tail is twice as deep as the bound's own ({@link #tailOf}: 5 % for a 97.5 % bound). Each hour is forecast
 * from up to seven origins, so one bad hour is up to seven of a clock hour's ~290 errors, 2.4 %: at the bound's own
 * 2.5 % it alone set the tail. On the real flight counts one day of cancellations at 15:00 (0 departures where 7 were
 * due) made that hour's bound 3.3 times the pooled for the next six weeks.
 */
public final class ClockHourScale {
    public static final int HOURS = 24;
    public static final ClockHourScale NONE = new ClockHourScale(new double[0]);
    /**
     * No clock hour's scale below this share of the pooled: a shop closed at night (every error 0) may still see a
     * customer.
     */
    static final double FLOOR = 0.25;

    private final double[] byClockHour;

    private ClockHourScale(double[] byClockHour) {
        this.byClockHour = byClockHour;
    }

    /** As stored: empty (none) or {@value #HOURS} values, indexed by clock hour. */
    public static ClockHourScale of(double[] byClockHour) {
        if (byClockHour.length != 0 && byClockHour.length != HOURS) {
            throw new IllegalArgumentException("a clock-hour scale has 0 or 24 values, not " + byClockHour.length);
        }
        return byClockHour.length == 0 ? NONE : new ClockHourScale(byClockHour.clone());
    }

    /**
     * @param errors    errors[i][h] = actual − forecast (working space) at horizon h + 1 from origins[i]; NaN unknown
     * @param firstHour the absolute hour of history index 0, the clock hours' reference
     * @param quantile  the bound's quantile
     */
    public static ClockHourScale fromErrors(double[][] errors, long firstHour, List<Integer> origins,
                                            double quantile) {
        double tail = tailOf(quantile);
        int total = 0;
        for (double[] e : errors) {
            total += e.length;
        }
        // Absolute errors by clock hour and parity of the day, clock hour k's even days at [2k], odd at [2k + 1].
        double[][] byHalf = new double[2 * HOURS][total / HOURS + 2];
        int[] n = new int[2 * HOURS];
        double[] all = new double[total];
        int nAll = 0;
        for (int i = 0; i < errors.length; i++) {
            long origin = firstHour + origins.get(i);
            for (int h = 0; h < errors[i].length; h++) {
                double e = errors[i][h];
                if (Double.isNaN(e)) {
                    continue;
                }
                long hour = origin + h;
                int slot = 2 * clockHour(hour) + (int) Math.floorMod(Math.floorDiv(hour, HOURS), 2L);
                if (n[slot] == byHalf[slot].length) {
                    byHalf[slot] = Arrays.copyOf(byHalf[slot], 2 * n[slot]);
                }
                byHalf[slot][n[slot]++] = Math.abs(e);
                all[nAll++] = Math.abs(e);
            }
        }
        if (nAll == 0) {
            return NONE;
        }
        double pooled = ConformalBound.conformalQuantile(all, nAll, tail);
        if (!(pooled > 0)) {
            return NONE;
        }
        double[] even = new double[HOURS];
        double[] odd = new double[HOURS];
        double[] byHour = new double[HOURS];
        for (int k = 0; k < HOURS; k++) {
            even[k] = logTail(byHalf[2 * k], n[2 * k], tail, pooled);
            odd[k] = logTail(byHalf[2 * k + 1], n[2 * k + 1], tail, pooled);
            int both = n[2 * k] + n[2 * k + 1];
            double[] hour = Arrays.copyOf(byHalf[2 * k], both);
            System.arraycopy(byHalf[2 * k + 1], 0, hour, n[2 * k], n[2 * k + 1]);
            byHour[k] = both == 0 ? pooled : ConformalBound.conformalQuantile(hour, both, tail);
        }
        double reliability = correlation(even, odd);
        if (!(reliability > 0)) {
            return NONE;
        }
        double[] scale = new double[HOURS];
        for (int k = 0; k < HOURS; k++) {
            scale[k] = Math.max(FLOOR, 1 + reliability * (byHour[k] / pooled - 1));
        }
        return new ClockHourScale(scale);
    }

    /** The quantile of absolute errors that measures an hour's width for a bound at the given quantile. */
    static double tailOf(double quantile) {
        return 1 - 2 * (1 - quantile);
    }

    /** The log of a half's tail; a half with no errors, or all 0, counts as a thousandth of the pooled tail. */
    private static double logTail(double[] values, int n, double quantile, double pooled) {
        double tail = n == 0 ? 0 : ConformalBound.conformalQuantile(values, n, quantile);
        return Math.log(Math.max(tail, pooled * 1e-3));
    }

    /** Pearson's correlation; 0 where either side does not vary. */
    static double correlation(double[] x, double[] y) {
        double mx = 0;
        double my = 0;
        for (int i = 0; i < x.length; i++) {
            mx += x[i] / x.length;
            my += y[i] / y.length;
        }
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : 0;
    }

    /** The errors divided by the scale at their hours' clock: what the bound is calibrated on. */
    public double[][] normalise(double[][] errors, long firstHour, List<Integer> origins) {
        if (isNone()) {
            return errors;
        }
        double[][] normalised = new double[errors.length][];
        for (int i = 0; i < errors.length; i++) {
            long origin = firstHour + origins.get(i);
            normalised[i] = new double[errors[i].length];
            for (int h = 0; h < errors[i].length; h++) {
                normalised[i][h] = errors[i][h] / at(origin + h);
            }
        }
        return normalised;
    }

    /** The scale at an absolute hour: 1 where none was learnt. */
    public double at(long hour) {
        return isNone() ? 1 : byClockHour[clockHour(hour)];
    }

    public boolean isNone() {
        return byClockHour.length == 0;
    }

    public double[] values() {
        return byClockHour.clone();
    }

    private static int clockHour(long hour) {
        return (int) Math.floorMod(hour, (long) HOURS);
    }
}
