package io.tablecast.forecasting.model;

/**
 * STL-then-exponential-smoothing, the method of R's {@code stlf}: the series' daily and weekly seasonal components
 * are taken out by {@link Stl#multiSeasonal}, what is left is forecast by a {@link LevelSmoother}, and the last week
 * of the seasonal components is put back. Its seasonal shape is a loess average over weeks rather than the
 * error-driven profile of {@link DoubleSeasonalSmoother}; the two err differently, which is what makes them worth
 * combining.
 *
 * <p>Between refits the seasonal profile is fixed and the smoother learns each hour in O(1).
 */
public final class SeasonalTrendModel {
    private static final int DAY = 24;
    private static final int WEEK = 168;
    /** Seasonal loess windows in cycles, R's {@code mstl} defaults for the first two periods. */
    private static final int DAILY_WINDOW = 11;
    private static final int WEEKLY_WINDOW = 15;

    /** Seasonal value by hour of the week (absolute hour mod 168). */
    private final double[] profile;
    private final LevelSmoother smoother;
    private long nextHour;

    private SeasonalTrendModel(double[] profile, LevelSmoother smoother, long nextHour) {
        this.profile = profile;
        this.smoother = smoother;
        this.nextHour = nextHour;
    }

    /** Decomposes y[0..n), at least two weeks, and fits the smoother's parameters on what is left. */
    public static SeasonalTrendModel fit(double[] y, int n, long firstHour) {
        double[] profile = new double[WEEK];
        double[] adjusted = seasonallyAdjust(y, n, firstHour, profile);
        return new SeasonalTrendModel(profile, LevelSmoother.fit(adjusted, n), firstHour + n);
    }

    /**
     * Decomposes y[0..n) afresh but keeps {@code like}'s smoothing weight: the level's responsiveness changes slowly,
     * so a refit a week later need not search for it again.
     */
    public static SeasonalTrendModel refit(SeasonalTrendModel like, double[] y, int n, long firstHour) {
        double[] profile = new double[WEEK];
        double[] adjusted = seasonallyAdjust(y, n, firstHour, profile);
        return new SeasonalTrendModel(profile, LevelSmoother.run(like.smoother.alpha(), adjusted, n), firstHour + n);
    }

    /**
     * Fills {@code profile} with the last week of the seasonal components and returns the series without them,
     * missing hours left missing (they are interpolated only for the decomposition).
     */
    private static double[] seasonallyAdjust(double[] y, int n, long firstHour, double[] profile) {
        if (n < 2 * WEEK) {
            throw new IllegalArgumentException("a weekly decomposition needs two weeks (336 hours), got " + n);
        }
        double[] filled = interpolateMissing(y, n);
        double[][] seasonal = Stl.multiSeasonal(filled, n, new int[] {DAY, WEEK},
                new int[] {DAILY_WINDOW, WEEKLY_WINDOW}, 2);
        double[] adjusted = new double[n];
        for (int i = 0; i < n; i++) {
            double s = seasonal[0][i] + seasonal[1][i];
            adjusted[i] = Double.isNaN(y[i]) ? Double.NaN : y[i] - s;
            if (i >= n - WEEK) {
                profile[DoubleSeasonalSmoother.slot(firstHour + i, WEEK)] = s;
            }
        }
        return adjusted;
    }

    private static double[] interpolateMissing(double[] y, int n) {
        double[] filled = new double[n];
        int previous = -1;
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(y[i])) {
                continue;
            }
            for (int j = previous + 1; j < i; j++) {
                filled[j] = previous < 0 ? y[i] : y[previous] + (y[i] - y[previous]) * (j - previous) / (i - previous);
            }
            filled[i] = y[i];
            previous = i;
        }
        for (int j = previous + 1; j < n; j++) {
            filled[j] = previous < 0 ? 0 : y[previous];
        }
        return filled;
    }

    /** Learns from the next hour (NaN: missing). */
    public void update(double y) {
        smoother.update(Double.isNaN(y) ? Double.NaN : y - profile[DoubleSeasonalSmoother.slot(nextHour, WEEK)]);
        nextHour++;
    }

    /** Forecasts of the next {@code horizon} hours into {@code out}. */
    public void forecast(double[] out, int horizon) {
        for (int h = 0; h < horizon; h++) {
            out[h] = profile[DoubleSeasonalSmoother.slot(nextHour + h, WEEK)];
        }
        for (int h = 0; h < horizon; h++) {
            out[h] += smoother.level();
        }
    }

    public long nextHour() {
        return nextHour;
    }

    /** Flat state for serialization: next hour, smoothing weight, level, the 168 profile values. */
    public double[] state() {
        double[] s = new double[3 + WEEK];
        s[0] = nextHour;
        s[1] = smoother.alpha();
        s[2] = smoother.level();
        System.arraycopy(profile, 0, s, 3, WEEK);
        return s;
    }

    public static SeasonalTrendModel restore(double[] s) {
        double[] profile = new double[WEEK];
        System.arraycopy(s, 3, profile, 0, WEEK);
        return new SeasonalTrendModel(profile, new LevelSmoother(s[1], s[2]), (long) s[0]);
    }
}
