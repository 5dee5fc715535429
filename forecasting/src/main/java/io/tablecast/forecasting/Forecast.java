package io.tablecast.forecasting;

import io.tablecast.forecasting.model.TotalBound;

/**
 * Hourly forecasts for the next {@link HourlyForecaster#HORIZON} hours: a point forecast and an upper bound at the
 * configured quantile (capacity is sized from the bound), with the model that made them and, when the forecaster
 * had to fall back for lack of history, why.
 */
public final class Forecast {
    /** Absolute hour (hours since the epoch) of the first forecast hour. */
    public final long firstHour;
    public final double[] point;
    public final double[] upper;
    public final String model;
    /** Null when the full model ran; otherwise what it fell back to and why. */
    public final String note;
    /** Bounds for day totals, calibrated as such (see {@link SpanTotal}); null where the model has none. */
    public final TotalBound totals;
    /**
     * Per forecast hour, whether an external event the model knows of (a holiday, a promotion) falls in it: days with
     * one are bounded as event days. Null: none does.
     */
    public final boolean[] eventHours;

    public Forecast(long firstHour, double[] point, double[] upper, String model, String note, TotalBound totals,
                    boolean[] eventHours) {
        this.firstHour = firstHour;
        this.point = point;
        this.upper = upper;
        this.model = model;
        this.note = note;
        this.totals = totals;
        this.eventHours = eventHours;
    }

    /** The total of {@code hours} hours from horizon index {@code from}: expected and upper bound. */
    public SpanTotal total(int from, int hours) {
        return SpanTotal.of(point, upper, totals, eventHours, from, hours);
    }

    /** Sums of the point forecast per block of 24 hours from the first forecast hour. */
    public double[] dailyTotals() {
        double[] totals = new double[(point.length + 23) / 24];
        for (int h = 0; h < point.length; h++) {
            totals[h / 24] += point[h];
        }
        return totals;
    }

    public double total() {
        double sum = 0;
        for (double p : point) {
            sum += p;
        }
        return sum;
    }

    /** Index (0-based horizon) of the hour with the highest upper bound: the hour capacity must be sized for. */
    public int peakHour() {
        int peak = 0;
        for (int h = 1; h < upper.length; h++) {
            if (upper[h] > upper[peak]) {
                peak = h;
            }
        }
        return peak;
    }
}
