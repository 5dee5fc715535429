package io.tablecast.forecasting.model;

import java.util.Arrays;

/**
 * Double-seasonal exponential smoothing (Taylor, 2003: periods 24 and 168) in error-correction form, with an AR(1)
 * term on the residual that carries the last hours' surprise into the next few hours. One update is a handful of
 * arithmetic operations: O(1) per hour, no allocation.
 *
 * <p>Seasonal slots are indexed by the absolute hour (hours since the epoch), so the state stays aligned with the
 * clock whatever hour it starts or resumes at. A missing hour (NaN) advances time without learning from it.
 */
public final class DoubleSeasonalSmoother {
    public static final int DAY = 24;
    public static final int WEEK = 168;

    private final double alpha;
    private final double delta;
    private final double omega;
    private final double phi;

    private double level;
    private final double[] daily = new double[DAY];
    private final double[] weekly = new double[WEEK];
    private double residual;
    /** The absolute hour the next update is for, and its slots (kept in step to spare two divisions an hour). */
    private long hour;
    private int daySlot;
    private int weekSlot;

    public DoubleSeasonalSmoother(double alpha, double delta, double omega, double phi) {
        this.alpha = alpha;
        this.delta = delta;
        this.omega = omega;
        this.phi = phi;
    }

    /**
     * Starts from the first two weeks of {@code y} (starting at absolute hour {@code firstHour}): level = mean,
     * daily profile = mean deviation by hour of day, weekly = what is left by hour of week. Missing values are skipped.
     *
     * @return the number of hours consumed (always 2 × 168)
     */
    public int initialise(double[] y, long firstHour) {
        int n = 2 * WEEK;
        double sum = 0;
        int count = 0;
        for (int i = 0; i < n; i++) {
            if (!Double.isNaN(y[i])) {
                sum += y[i];
                count++;
            }
        }
        level = count == 0 ? 0 : sum / count;
        double[] daySum = new double[DAY];
        int[] dayCount = new int[DAY];
        double[] weekSum = new double[WEEK];
        int[] weekCount = new int[WEEK];
        for (int i = 0; i < n; i++) {
            if (!Double.isNaN(y[i])) {
                int d = slot(firstHour + i, DAY);
                daySum[d] += y[i] - level;
                dayCount[d]++;
            }
        }
        for (int d = 0; d < DAY; d++) {
            daily[d] = dayCount[d] == 0 ? 0 : daySum[d] / dayCount[d];
        }
        for (int i = 0; i < n; i++) {
            if (!Double.isNaN(y[i])) {
                int w = slot(firstHour + i, WEEK);
                weekSum[w] += y[i] - level - daily[slot(firstHour + i, DAY)];
                weekCount[w]++;
            }
        }
        for (int w = 0; w < WEEK; w++) {
            weekly[w] = weekCount[w] == 0 ? 0 : weekSum[w] / weekCount[w];
        }
        residual = 0;
        moveTo(firstHour + n);
        return n;
    }

    /** The one-step forecast for the next hour. */
    public double nextForecast() {
        return level + daily[daySlot] + weekly[weekSlot] + phi * residual;
    }

    /** Learns from the value of the next hour (NaN: missing) and returns the one-step error (NaN when missing). */
    public double update(double y) {
        int d = daySlot;
        int w = weekSlot;
        double structural = level + daily[d] + weekly[w];
        hour++;
        daySlot = d + 1 == DAY ? 0 : d + 1;
        weekSlot = w + 1 == WEEK ? 0 : w + 1;
        if (Double.isNaN(y)) {
            residual *= phi;
            return Double.NaN;
        }
        double error = y - (structural + phi * residual);
        level += alpha * error;
        daily[d] += delta * error;
        weekly[w] += omega * error;
        residual = y - structural;
        return error;
    }

    /**
     * Learns from y[from, to) in turn, exactly as {@link #update} hour by hour, and returns the sum of squared
     * one-step errors. The fitting loop: the state lives in locals for the run.
     */
    public double updateAll(double[] y, int from, int to) {
        double lv = level;
        double res = residual;
        int d = daySlot;
        int w = weekSlot;
        double sse = 0;
        for (int i = from; i < to; i++) {
            double structural = lv + daily[d] + weekly[w];
            double v = y[i];
            if (Double.isNaN(v)) {
                res *= phi;
            } else {
                double error = v - (structural + phi * res);
                lv += alpha * error;
                daily[d] += delta * error;
                weekly[w] += omega * error;
                res = v - structural;
                sse += error * error;
            }
            d = d + 1 == DAY ? 0 : d + 1;
            w = w + 1 == WEEK ? 0 : w + 1;
        }
        level = lv;
        residual = res;
        daySlot = d;
        weekSlot = w;
        hour += to - from;
        return sse;
    }

    /** Forecasts of the next {@code horizon} hours into {@code out}. */
    public void forecast(double[] out, int horizon) {
        double ar = residual;
        int d = daySlot;
        int w = weekSlot;
        for (int h = 0; h < horizon; h++) {
            ar *= phi;
            out[h] = level + daily[d] + weekly[w] + ar;
            d = d + 1 == DAY ? 0 : d + 1;
            w = w + 1 == WEEK ? 0 : w + 1;
        }
    }

    public long nextHour() {
        return hour;
    }

    public double[] parameters() {
        return new double[] {alpha, delta, omega, phi};
    }

    /** Flat state for serialization: level, residual, hour, 24 daily and 168 weekly values. */
    public double[] state() {
        double[] s = new double[3 + DAY + WEEK];
        s[0] = level;
        s[1] = residual;
        s[2] = hour;
        System.arraycopy(daily, 0, s, 3, DAY);
        System.arraycopy(weekly, 0, s, 3 + DAY, WEEK);
        return s;
    }

    /** A smoother with other parameters standing where this one stands: same level, profiles, residual and hour. */
    public DoubleSeasonalSmoother withParameters(double[] parameters) {
        return restore(parameters, state());
    }

    public static DoubleSeasonalSmoother restore(double[] parameters, double[] state) {
        DoubleSeasonalSmoother m = new DoubleSeasonalSmoother(parameters[0], parameters[1], parameters[2],
                parameters[3]);
        m.level = state[0];
        m.residual = state[1];
        m.moveTo((long) state[2]);
        System.arraycopy(state, 3, m.daily, 0, DAY);
        System.arraycopy(state, 3 + DAY, m.weekly, 0, WEEK);
        return m;
    }

    private void moveTo(long nextHour) {
        hour = nextHour;
        daySlot = slot(nextHour, DAY);
        weekSlot = slot(nextHour, WEEK);
    }

    static int slot(long hour, int period) {
        return (int) Math.floorMod(hour, (long) period);
    }

    @Override
    public String toString() {
        return "DoubleSeasonalSmoother" + Arrays.toString(parameters());
    }
}
