package io.tablecast.forecasting.model;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.NonPositiveDefiniteMatrixException;
import org.apache.commons.math3.linear.RealVector;

/**
 * A Prophet-class regression in the model's working space: a piecewise-linear trend with changepoints spread over
 * the first 80 % of the history (shrunk hard towards no change, like Prophet's sparse prior), Fourier terms for the
 * daily and weekly cycles (and the yearly one once two years of history exist), and the event regressors. Fitted by
 * ridge-regularised least squares.
 *
 * <p>The normal equations are accumulated row by row in time order, so the fits at every rolling origin cost one
 * pass over the history plus one small solve per origin.
 */
public final class RegressionModel {
    private static final int DAILY_ORDER = 6;
    /** High enough for a weekend to be a step, not a wave: in log space the weekly shape carries the daily one. */
    private static final int WEEKLY_ORDER = 12;
    private static final int YEARLY_ORDER = 8;
    private static final int YEAR_HOURS = 8766;
    private static final int MAX_CHANGEPOINTS = 12;
    /** Ridge on changepoint slopes, per hour of history: strong, so the trend bends only where data insist. */
    private static final double CHANGEPOINT_RIDGE = 1.0;
    /** A whisker of ridge on everything else keeps the system solvable when a column is still all zero. */
    private static final double BASE_RIDGE = 1e-6;

    private final long firstHour;
    private final int historyHours;
    private final double[] changepointsWeeks;
    private final boolean yearly;
    private final EventEffects events;
    private final int eventColumns;
    private final int p;
    private final double[][] xtx;
    private final double[] xtz;
    private int rows;

    public RegressionModel(long firstHour, int historyHours, EventEffects events) {
        this.firstHour = firstHour;
        this.historyHours = historyHours;
        double spanWeeks = historyHours / 168.0;
        int k = (int) Math.min(MAX_CHANGEPOINTS, Math.floor(spanWeeks));
        changepointsWeeks = new double[k];
        for (int i = 0; i < k; i++) {
            changepointsWeeks[i] = 0.8 * spanWeeks * (i + 1) / (k + 1);
        }
        this.yearly = historyHours >= 2 * YEAR_HOURS;
        this.events = events;
        this.eventColumns = events.events().isEmpty() ? 0 : events.effects().length;
        this.p = 2 + k + 2 * DAILY_ORDER + 2 * WEEKLY_ORDER + (yearly ? 2 * YEARLY_ORDER : 0) + eventColumns;
        this.xtx = new double[p][p];
        this.xtz = new double[p];
    }

    public long firstHour() {
        return firstHour;
    }

    public int historyHours() {
        return historyHours;
    }

    public EventEffects events() {
        return events;
    }

    /** Adds the hour after the last one added (NaN: missing, skipped). */
    public void add(long hour, double z) {
        if (Double.isNaN(z)) {
            return;
        }
        double[] x = features(hour);
        for (int i = 0; i < p; i++) {
            double xi = x[i];
            if (xi == 0) {
                continue;
            }
            xtz[i] += xi * z;
            double[] row = xtx[i];
            for (int j = i; j < p; j++) {
                row[j] += xi * x[j];
            }
        }
        rows++;
    }

    /** Coefficients of the fit on everything added so far. */
    public double[] solve() {
        Array2DRowRealMatrix a = new Array2DRowRealMatrix(p, p);
        for (int i = 0; i < p; i++) {
            for (int j = i; j < p; j++) {
                a.setEntry(i, j, xtx[i][j]);
                a.setEntry(j, i, xtx[i][j]);
            }
        }
        int cpStart = 2;
        for (int i = 0; i < p; i++) {
            boolean changepoint = i >= cpStart && i < cpStart + changepointsWeeks.length;
            a.addToEntry(i, i, Math.max(1, rows) * (changepoint ? CHANGEPOINT_RIDGE : BASE_RIDGE) + 1e-9);
        }
        try {
            RealVector beta = new CholeskyDecomposition(a, 1e-12, 1e-14).getSolver().solve(new ArrayRealVector(xtz));
            return beta.toArray();
        } catch (NonPositiveDefiniteMatrixException e) {
            return new double[p];
        }
    }

    /** Forecasts of hours from {@code fromHour} on, with the given coefficients; the trend keeps its last slope. */
    public void forecast(double[] beta, long fromHour, double[] out) {
        for (int h = 0; h < out.length; h++) {
            double[] x = features(fromHour + h);
            double z = 0;
            for (int i = 0; i < p; i++) {
                z += x[i] * beta[i];
            }
            out[h] = z;
        }
    }

    private double[] features(long hour) {
        double[] x = new double[p];
        double weeks = (hour - firstHour) / 168.0;
        int c = 0;
        x[c++] = 1;
        x[c++] = weeks;
        for (double cp : changepointsWeeks) {
            x[c++] = Math.max(0, weeks - cp);
        }
        c = fourier(x, c, Math.floorMod(hour, 24L) / 24.0, DAILY_ORDER);
        c = fourier(x, c, Math.floorMod(hour, 168L) / 168.0, WEEKLY_ORDER);
        if (yearly) {
            c = fourier(x, c, Math.floorMod(hour, (long) YEAR_HOURS) / (double) YEAR_HOURS, YEARLY_ORDER);
        }
        if (eventColumns > 0) {
            int slot = events.slotAt(hour);
            if (slot >= 0) {
                x[c + slot] = 1;
            }
        }
        return x;
    }

    private static int fourier(double[] x, int c, double phase, int order) {
        for (int k = 1; k <= order; k++) {
            double angle = 2 * Math.PI * k * phase;
            x[c++] = Math.sin(angle);
            x[c++] = Math.cos(angle);
        }
        return c;
    }
}
