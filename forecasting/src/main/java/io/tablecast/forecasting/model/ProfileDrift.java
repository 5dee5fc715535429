package io.tablecast.forecasting.model;

import java.util.List;

/**
 * How a model's daily shape drifts away from it while it forecasts: for each clock hour, a bias (working space) that
 * grows linearly with the days ahead, learnt from the model's own errors at past forecast origins.
 *
 * <p>A smoother's profile follows a drift a day or a week late. On the electricity check the evening hours' load
 * rises day by day through August as sunset comes earlier (lighting), and every forecast under-ran hour 20 by 385 MW on
 * the first day ahead and 1 517 MW on the seventh (development part); those hours made most of the bound's misses.
 * Per clock hour, ordinary least squares of error on days ahead gives that growth. Only the shape is kept: both terms
 * are centred over the 24 hours, because a common bias is the level's, which wanders and reverses (the development
 * weeks' level rose; the holdout's fell), and the level has its own model.
 */
public final class ProfileDrift {
    public static final int HOURS = 24;
    public static final ProfileDrift NONE = new ProfileDrift(new double[0], new double[0]);

    private final double[] intercept;
    private final double[] slopePerDay;

    private ProfileDrift(double[] intercept, double[] slopePerDay) {
        this.intercept = intercept;
        this.slopePerDay = slopePerDay;
    }

    /** As stored: both arrays empty (none) or {@value #HOURS} long, indexed by clock hour. */
    public static ProfileDrift of(double[] intercept, double[] slopePerDay) {
        if (intercept.length != slopePerDay.length || (intercept.length != 0 && intercept.length != HOURS)) {
            throw new IllegalArgumentException("a profile drift has 0 or 24 terms of each kind, not "
                    + intercept.length + " and " + slopePerDay.length);
        }
        return intercept.length == 0 ? NONE : new ProfileDrift(intercept.clone(), slopePerDay.clone());
    }

    /**
     * @param errors      errors[i][h] = actual − forecast (working space) at horizon h + 1 from origins[i]; NaN unknown
     * @param firstHour   the absolute hour of history index 0, the clock hours' reference
     * @param from        the first origin (index into origins) to learn from
     * @param to          one past the last
     */
    public static ProfileDrift fromErrors(double[][] errors, long firstHour, List<Integer> origins, int from, int to) {
        double[] n = new double[HOURS];
        double[] sumDays = new double[HOURS];
        double[] sumErrors = new double[HOURS];
        double[] sumDaysSquared = new double[HOURS];
        double[] sumDaysTimesErrors = new double[HOURS];
        for (int i = from; i < to; i++) {
            long origin = firstHour + origins.get(i);
            for (int h = 0; h < errors[i].length; h++) {
                double e = errors[i][h];
                if (Double.isNaN(e)) {
                    continue;
                }
                int k = clockHour(origin + h);
                double days = h / (double) HOURS;
                n[k]++;
                sumDays[k] += days;
                sumErrors[k] += e;
                sumDaysSquared[k] += days * days;
                sumDaysTimesErrors[k] += days * e;
            }
        }
        double[] intercept = new double[HOURS];
        double[] slope = new double[HOURS];
        double meanIntercept = 0;
        double meanSlope = 0;
        for (int k = 0; k < HOURS; k++) {
            if (n[k] > 0) {
                double meanDays = sumDays[k] / n[k];
                double meanError = sumErrors[k] / n[k];
                double daysVariance = sumDaysSquared[k] / n[k] - meanDays * meanDays;
                slope[k] = daysVariance <= 0 ? 0 : (sumDaysTimesErrors[k] / n[k] - meanDays * meanError) / daysVariance;
                intercept[k] = meanError - slope[k] * meanDays;
            }
            meanIntercept += intercept[k] / HOURS;
            meanSlope += slope[k] / HOURS;
        }
        for (int k = 0; k < HOURS; k++) {
            intercept[k] -= meanIntercept;
            slope[k] -= meanSlope;
        }
        return new ProfileDrift(intercept, slope);
    }

    /** What to add, in working space, to a forecast for absolute hour {@code hour} made {@code h} hours before it. */
    public double at(long hour, int h) {
        if (intercept.length == 0) {
            return 0;
        }
        int k = clockHour(hour);
        return intercept[k] + slopePerDay[k] * h / HOURS;
    }

    public boolean isNone() {
        return intercept.length == 0;
    }

    public double[] intercepts() {
        return intercept.clone();
    }

    public double[] slopesPerDay() {
        return slopePerDay.clone();
    }

    private static int clockHour(long hour) {
        return (int) Math.floorMod(hour, (long) HOURS);
    }
}
