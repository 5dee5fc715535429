package io.tablecast.forecasting.model;

import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.univariate.BrentOptimizer;
import org.apache.commons.math3.optim.univariate.SearchInterval;
import org.apache.commons.math3.optim.univariate.UnivariateObjectiveFunction;

/**
 * Simple exponential smoothing (the ETS model A,N,N) of a series without seasonality, updated in O(1) an hour.
 *
 * <p>No trend term: on seasonally adjusted hourly volumes R's {@code ets} picks the level-only model over the
 * damped trend by AICc (all 22 tasks of the electricity check), and a trend extrapolated 168 hours ahead is the
 * riskiest part of such a model. Long-run growth is the regression's job on long histories.
 */
public final class LevelSmoother {
    private static final int MAX_EVALUATIONS = 100;

    private final double alpha;
    private double level;

    public LevelSmoother(double alpha, double level) {
        this.alpha = alpha;
        this.level = level;
    }

    /** Fits the smoothing weight on y[0..n) (NaN: missing) by least squares; returns it having consumed all of y. */
    public static LevelSmoother fit(double[] y, int n) {
        double start = initialLevel(y, n);
        double alpha = new BrentOptimizer(1e-4, 1e-6).optimize(new MaxEval(MAX_EVALUATIONS),
                new UnivariateObjectiveFunction(a -> sse(y, n, new LevelSmoother(a, start))),
                GoalType.MINIMIZE, new SearchInterval(1e-4, 1 - 1e-4)).getPoint();
        return run(alpha, y, n);
    }

    /** A smoother with the given weight, started at y's first day and run through y[0..n). */
    public static LevelSmoother run(double alpha, double[] y, int n) {
        LevelSmoother m = new LevelSmoother(alpha, initialLevel(y, n));
        sse(y, n, m);
        return m;
    }

    /** The mean of the first day's observed values. */
    private static double initialLevel(double[] y, int n) {
        double sum = 0;
        int count = 0;
        for (int i = 0; i < n && count < 24; i++) {
            if (!Double.isNaN(y[i])) {
                sum += y[i];
                count++;
            }
        }
        return count == 0 ? 0 : sum / count;
    }

    private static double sse(double[] y, int n, LevelSmoother m) {
        double sse = 0;
        for (int i = 0; i < n; i++) {
            double e = m.update(y[i]);
            if (!Double.isNaN(e)) {
                sse += e * e;
            }
        }
        return sse;
    }

    /** Learns from the next value (NaN: missing, the level stays) and returns the one-step error. */
    public double update(double y) {
        if (Double.isNaN(y)) {
            return Double.NaN;
        }
        double error = y - level;
        level += alpha * error;
        return error;
    }

    public double level() {
        return level;
    }

    public double alpha() {
        return alpha;
    }
}
