package io.tablecast.forecasting.model;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Seasonal-trend decomposition by loess (Cleveland, Cleveland, McRae &amp; Terpenning, 1990), the inner loop without
 * robustness weights, with the defaults of R's {@code stl}: seasonal loess of degree 0, trend and low-pass loess of
 * degree 1, two inner passes, loess evaluated every ⌈window/10⌉ points with linear interpolation between.
 * {@link #multiSeasonal} repeats it over several periods in turn, as R's {@code mstl} does.
 *
 * <p>A loess fit is a weighted sum whose weights depend on the positions only, never on the values; they are worked
 * out once per series length and window and reused by every pass, which makes a decomposition of weeks of hourly
 * data a few hundred thousand multiply-adds.
 */
public final class Stl {
    private final Map<Long, Loess> smoothers = new HashMap<>();
    private final double[] trend;
    private final double[] detrended;
    private final double[] cycle;
    private final double[] lowPass;
    private final double[] work;

    /** Working arrays for series of n values and periods up to {@code longestPeriod}, reused by every pass. */
    private Stl(int n, int longestPeriod) {
        trend = new double[n];
        detrended = new double[n];
        cycle = new double[n + 2 * longestPeriod];
        lowPass = new double[n + 2];
        work = new double[n + 2 * longestPeriod];
    }

    /**
     * The seasonal components of {@code y[0..n)} (no missing values) for each period, shortest first, each
     * re-estimated {@code passes} times against the series with the others removed. Every period needs n ≥ 2 periods.
     *
     * @param seasonalWindows the seasonal loess window of each period, in cycles (odd, ≥ 3)
     * @return seasonal[p][i] for period p at position i
     */
    public static double[][] multiSeasonal(double[] y, int n, int[] periods, int[] seasonalWindows, int passes) {
        Stl stl = new Stl(n, Arrays.stream(periods).max().orElse(1));
        double[][] seasonal = new double[periods.length][n];
        double[] deseasoned = new double[n];
        System.arraycopy(y, 0, deseasoned, 0, n);
        for (int pass = 0; pass < passes; pass++) {
            for (int p = 0; p < periods.length; p++) {
                for (int i = 0; i < n; i++) {
                    deseasoned[i] += seasonal[p][i];
                }
                seasonal[p] = stl.seasonal(deseasoned, n, periods[p], seasonalWindows[p]);
                for (int i = 0; i < n; i++) {
                    deseasoned[i] -= seasonal[p][i];
                }
            }
        }
        return seasonal;
    }

    /** The seasonal component of {@code y[0..n)} for one period. */
    private double[] seasonal(double[] y, int n, int period, int seasonalWindow) {
        Loess trendSmoother = loess(n, nextOdd((int) Math.ceil(1.5 * period / (1 - 1.5 / seasonalWindow))), 1);
        Loess lowPassSmoother = loess(n, nextOdd(period), 1);
        double[] season = new double[n];
        Arrays.fill(trend, 0);
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < n; i++) {
                detrended[i] = y[i] - trend[i];
            }
            cycleSubseries(detrended, n, period, seasonalWindow, cycle);
            movingAverage(cycle, n + 2 * period, period, work);
            movingAverage(work, n + period + 1, period, lowPass);
            movingAverage(lowPass, n + 2, 3, work);
            lowPassSmoother.smooth(work, lowPass, 0);
            for (int i = 0; i < n; i++) {
                season[i] = cycle[period + i] - lowPass[i];
                detrended[i] = y[i] - season[i];
            }
            trendSmoother.smooth(detrended, trend, 0);
        }
        return season;
    }

    /**
     * Smooths each cycle-subseries (every period-th value) and extends it by one cycle at either end: the result,
     * of n + 2·period values, starts one period before y.
     */
    private void cycleSubseries(double[] y, int n, int period, int window, double[] out) {
        int longest = (n + period - 1) / period;
        double[] sub = new double[longest];
        double[] smooth = new double[longest + 2];
        for (int j = 0; j < period; j++) {
            int k = (n - j + period - 1) / period;
            for (int i = 0; i < k; i++) {
                sub[i] = y[i * period + j];
            }
            Loess loess = loess(k, window, 0);
            loess.smooth(sub, smooth, 1);
            smooth[0] = loess.before.weights == null ? smooth[1] : loess.before.apply(sub);
            smooth[k + 1] = loess.after.weights == null ? smooth[k] : loess.after.apply(sub);
            for (int m = 0; m < k + 2; m++) {
                out[m * period + j] = smooth[m];
            }
        }
    }

    private Loess loess(int n, int window, int degree) {
        return smoothers.computeIfAbsent(((long) n << 32) | ((long) window << 1) | degree,
                key -> new Loess(n, window, degree));
    }

    private static void movingAverage(double[] x, int n, int length, double[] out) {
        double sum = 0;
        for (int i = 0; i < length; i++) {
            sum += x[i];
        }
        double scale = 1.0 / length;
        out[0] = sum * scale;
        for (int j = 1; j < n - length + 1; j++) {
            sum += x[j + length - 1] - x[j - 1];
            out[j] = sum * scale;
        }
    }

    private static int nextOdd(int x) {
        return x % 2 == 0 ? x + 1 : x;
    }

    /**
     * Loess over n evenly spaced points with a fixed window and degree: the weights of each evaluation point (every
     * ⌈window/10⌉-th and the last), plus those extending the series by one point at either end.
     */
    private static final class Loess {
        private final int n;
        private final int step;
        private final Fit[] fits;
        private final Fit before;
        private final Fit after;

        Loess(int n, int window, int degree) {
            this.n = n;
            this.step = Math.max(1, Math.min((window + 9) / 10, n - 1));
            int half = (window + 1) / 2;
            int last = ((n - 1) / step) * step;
            fits = new Fit[n];
            double[] interior = window < n ? Fit.at(n, window, degree, half - 1, 0, window - 1).weights : null;
            for (int i = 0; i < n; i += step) {
                fits[i] = fitAt(i, window, half, degree, interior);
            }
            if (last != n - 1) {
                fits[n - 1] = Fit.at(n, window, degree, n - 1, Math.max(0, n - window), n - 1);
            }
            before = Fit.at(n, window, degree, -1, 0, Math.min(window, n) - 1);
            after = Fit.at(n, window, degree, n, Math.max(0, n - window), n - 1);
        }

        /** Every interior point has the same weights around it: {@code interior}, worked out once. */
        private Fit fitAt(int i, int window, int half, int degree, double[] interior) {
            if (window >= n) {
                return Fit.at(n, window, degree, i, 0, n - 1);
            }
            if (i < half - 1) {
                return Fit.at(n, window, degree, i, 0, window - 1);
            }
            if (i >= n - half) {
                return Fit.at(n, window, degree, i, n - window, n - 1);
            }
            return new Fit(i - half + 1, interior);
        }

        /** Into out[outFrom, outFrom+n); a point whose window carries no weight keeps its own value. */
        void smooth(double[] y, double[] out, int outFrom) {
            if (n < 2) {
                out[outFrom] = y[0];
                return;
            }
            for (int i = 0; i < n; i++) {
                if (fits[i] != null) {
                    out[outFrom + i] = fits[i].weights == null ? y[i] : fits[i].apply(y);
                }
            }
            for (int i = 0; i < n - 1; ) {
                int next = Math.min(i + step, n - 1);
                double slope = (out[outFrom + next] - out[outFrom + i]) / (next - i);
                for (int j = i + 1; j < next; j++) {
                    out[outFrom + j] = out[outFrom + i] + slope * (j - i);
                }
                i = next;
            }
        }
    }

    /** One local fit: y at a position as a weighted sum of y[left..]. */
    private static final class Fit {
        final int left;
        final double[] weights;

        private Fit(int left, double[] weights) {
            this.left = left;
            this.weights = weights;
        }

        double apply(double[] y) {
            // Four partial sums: one chain of dependent adds would leave the FPU waiting on each.
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            int j = 0;
            for (; j + 3 < weights.length; j += 4) {
                s0 += weights[j] * y[left + j];
                s1 += weights[j + 1] * y[left + j + 1];
                s2 += weights[j + 2] * y[left + j + 2];
                s3 += weights[j + 3] * y[left + j + 3];
            }
            for (; j < weights.length; j++) {
                s0 += weights[j] * y[left + j];
            }
            return (s0 + s1) + (s2 + s3);
        }

        /**
         * The tricube-weighted local constant or line through y[left..right] evaluated at x (which may lie just
         * outside the data); weights null when no point carries weight.
         */
        static Fit at(int n, int window, int degree, double x, int left, int right) {
            double h = Math.max(x - left, right - x);
            if (window > n) {
                h += (window - n) / 2;
            }
            double near = 0.001 * h;
            double far = 0.999 * h;
            double[] w = new double[right - left + 1];
            double total = 0;
            for (int j = left; j <= right; j++) {
                double r = Math.abs(j - x);
                if (r <= far) {
                    double u = r / h;
                    double t = 1 - u * u * u;
                    w[j - left] = r <= near ? 1 : t * t * t;
                    total += w[j - left];
                }
            }
            if (total <= 0) {
                return new Fit(left, null);
            }
            for (int j = 0; j < w.length; j++) {
                w[j] /= total;
            }
            if (h > 0 && degree > 0) {
                double mean = 0;
                for (int j = left; j <= right; j++) {
                    mean += w[j - left] * j;
                }
                double spread = 0;
                for (int j = left; j <= right; j++) {
                    spread += w[j - left] * (j - mean) * (j - mean);
                }
                if (Math.sqrt(spread) > 0.001 * (n - 1)) {
                    double slope = (x - mean) / spread;
                    for (int j = left; j <= right; j++) {
                        w[j - left] *= slope * (j - mean) + 1;
                    }
                }
            }
            return new Fit(left, w);
        }
    }
}
