package io.tablecast.forecasting.model;

/**
 * Upper prediction bounds from out-of-sample errors: for each band of horizons (hours 1–24, 25–48, ...) the
 * empirical quantile of the errors seen at those horizons from past forecast origins, with the finite-sample
 * correction of split conformal prediction.
 *
 * <p>Two floors keep later bands honest. A later band is never tighter than an earlier one. And a later band is at
 * least the first band's offset grown as the error of the model's own wandering level grows (see
 * {@link #fromErrors(double[][], int, double, double)}): the few weeks of origins a fit has seen rarely include a
 * wander as large as the next one. On the electricity check this took coverage at 168 h from 0.911 to 0.972; on
 * Poisson counts with a steady level (little wander, small α) it leaves the bound almost as the errors set it.
 *
 * <p>Calibrated on errors a {@link ClockHourScale} divided, the offsets are multiplied back by it at each hour.
 */
public final class ConformalBound {
    public static final int BAND_HOURS = 24;

    private final double[] offsetByBand;
    private final ClockHourScale scale;

    private ConformalBound(double[] offsetByBand, ClockHourScale scale) {
        this.offsetByBand = offsetByBand;
        this.scale = scale;
    }

    /**
     * @param errors errors[origin][h-1] = actual − forecast at horizon h in the model's working space (NaN: unknown)
     */
    public static ConformalBound fromErrors(double[][] errors, int horizon, double quantile) {
        return fromErrors(errors, horizon, quantile, 0);
    }

    /**
     * @param levelAlpha how strongly the model's level follows each error (its smoothing weight): the level of a
     *                   local-level model wanders by α·σ an hour, so its forecast error at horizon h has variance
     *                   σ²(1 + (h−1)α²). Each band is at least the first band × the growth of that standard deviation
     *                   from the first band's mid-hour to its own. 0: no growth floor.
     */
    public static ConformalBound fromErrors(double[][] errors, int horizon, double quantile, double levelAlpha) {
        int bands = (horizon + BAND_HOURS - 1) / BAND_HOURS;
        double[] offsets = new double[bands];
        for (int b = 0; b < bands; b++) {
            double[] sample = new double[errors.length * BAND_HOURS];
            int n = 0;
            for (double[] e : errors) {
                for (int h = b * BAND_HOURS; h < Math.min(horizon, (b + 1) * BAND_HOURS) && h < e.length; h++) {
                    if (!Double.isNaN(e[h])) {
                        sample[n++] = e[h];
                    }
                }
            }
            offsets[b] = n == 0 ? (b == 0 ? 0 : offsets[b - 1]) : conformalQuantile(sample, n, quantile);
            if (b > 0) {
                offsets[b] = Math.max(offsets[b], offsets[b - 1]);
                offsets[b] = Math.max(offsets[b], offsets[0] * growth(levelAlpha, b));
            }
        }
        return new ConformalBound(offsets, ClockHourScale.NONE);
    }

    /** This bound, its offsets calibrated on errors the scale normalised, multiplied back by it at each hour. */
    public ConformalBound withScale(ClockHourScale scale) {
        return new ConformalBound(offsetByBand, scale);
    }

    /** How much a local level's forecast error has grown from the first band's mid-hour to the given band's. */
    static double growth(double alpha, int band) {
        double a2 = alpha * alpha;
        double first = 1 + (BAND_HOURS / 2.0 - 1) * a2;
        double here = 1 + (band * BAND_HOURS + BAND_HOURS / 2.0 - 1) * a2;
        return Math.sqrt(here / first);
    }

    public static ConformalBound of(double[] offsetByBand) {
        return new ConformalBound(offsetByBand.clone(), ClockHourScale.NONE);
    }

    /** The value to add to the point forecast (in working space) at horizon h (1-based), the absolute hour given. */
    public double offset(int h, long hour) {
        return offsetByBand[Math.min(offsetByBand.length - 1, (h - 1) / BAND_HOURS)] * scale.at(hour);
    }

    public double[] offsets() {
        return offsetByBand.clone();
    }

    public ClockHourScale scale() {
        return scale;
    }

    /** The ⌈(n+1)q⌉-th smallest of the first n values: covers a new error with probability ≥ q if errors are exchangeable. */
    static double conformalQuantile(double[] values, int n, double q) {
        int k = Math.min(n, Math.max(1, (int) Math.ceil((n + 1) * q)));
        // Only the n − k + 1 largest matter (a few dozen of a thousand): keep them sorted, ascending, and skip the
        // rest, rather than sort everything.
        double[] top = new double[n - k + 1];
        int held = 0;
        for (int j = 0; j < n; j++) {
            double v = values[j];
            if (held == top.length && v <= top[0]) {
                continue;
            }
            int i;
            if (held < top.length) {
                i = held++;
                while (i > 0 && top[i - 1] > v) {
                    top[i] = top[i - 1];
                    i--;
                }
            } else {
                i = 0;
                while (i + 1 < held && top[i + 1] < v) {
                    top[i] = top[i + 1];
                    i++;
                }
            }
            top[i] = v;
        }
        return top[0];
    }
}
