package io.tablecast.forecasting;

import io.tablecast.forecasting.model.TotalBound;
import io.tablecast.forecasting.model.Transform;

import java.util.List;

/**
 * Calibrates a chosen candidate's {@link TotalBound}: its day totals from each validation origin, forecast against
 * actual, days an event falls in apart.
 */
final class DayTotalCalibration {
    private DayTotalCalibration() {}

    static TotalBound calibrate(Candidate best, double[] history, long firstHour, List<Integer> origins,
                                List<ExternalEvent> events, double quantile) {
        int days = HourlyForecaster.HORIZON / TotalBound.SPAN_HOURS;
        double[][] actual = new double[origins.size()][days];
        double[][] forecast = new double[origins.size()][days];
        boolean[][] eventDay = new boolean[origins.size()][days];
        Transform transform = best.transform();
        for (int i = 0; i < origins.size(); i++) {
            int o = origins.get(i);
            double[] f = best.forecastFrom(o);
            for (int d = 0; d < days; d++) {
                double a = 0;
                double p = 0;
                for (int h = d * TotalBound.SPAN_HOURS; h < (d + 1) * TotalBound.SPAN_HOURS; h++) {
                    a += o + h < history.length ? history[o + h] : Double.NaN;
                    p += Math.max(0, transform.inverse(f[h]));
                }
                actual[i][d] = a;
                forecast[i][d] = p;
                long dayStart = firstHour + o + (long) d * TotalBound.SPAN_HOURS;
                eventDay[i][d] = ExternalEvent.anyDuring(events, dayStart, dayStart + TotalBound.SPAN_HOURS);
            }
        }
        return TotalBound.fromTotals(actual, forecast, events.isEmpty() ? null : eventDay, quantile,
                best.levelAlpha());
    }
}
