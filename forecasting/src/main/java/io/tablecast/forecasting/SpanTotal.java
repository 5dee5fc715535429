package io.tablecast.forecasting;

import io.tablecast.forecasting.model.TotalBound;

/**
 * What an hourly forecast says of a span of hours taken together — a table's window: the expected total, an upper
 * bound of the total, and the highest hourly upper bound in it.
 *
 * <p>Spans of whole days are expected and bounded day by day with the forecaster's {@link TotalBound} (calibrated on
 * day totals; the expectation corrected for the point's bias on totals) and the days' figures added, as if a day
 * that runs over is followed by others that do (they usually are: a level that is off stays off). A day an external
 * event falls in is bounded as an event day ({@link TotalBound#upper(double, double, boolean)}). Spans of part of a
 * day take the larger of their own hourly margins' root-sum-square and their day's bound relative to its expected
 * total. Forecasts without day-total bounds (a young segment's) add the hourly margins (upper − point) as independent
 * errors, root of the sum of squares. Hours of the span the forecast does not reach are taken at the mean of those it
 * does.
 *
 * @param expected  the expected total: the point forecast's, corrected where day-total bounds are known
 * @param upper     the upper bound of the total; at least {@code expected}
 * @param peakUpper the highest hourly upper bound
 */
public record SpanTotal(double expected, double upper, double peakUpper) {

    /**
     * @param totals     day-total bounds of the forecast, or null
     * @param eventHours per forecast hour, whether an external event falls in it; null: none does
     * @param from       index of the span's first hour in {@code point}; may fall outside it
     */
    public static SpanTotal of(double[] point, double[] upper, TotalBound totals, boolean[] eventHours, long from,
                               int hours) {
        double expected = 0;
        double squaredMargins = 0;
        double peak = 0;
        int covered = 0;
        for (long i = Math.max(0, from); i < Math.min(point.length, from + hours); i++) {
            expected += point[(int) i];
            double margin = upper[(int) i] - point[(int) i];
            squaredMargins += margin * margin;
            peak = Math.max(peak, upper[(int) i]);
            covered++;
        }
        if (covered == 0) {
            return new SpanTotal(0, 0, 0);
        }
        double meanHour = expected / covered;
        double scale = hours / (double) covered;
        expected *= scale;
        int span = TotalBound.SPAN_HOURS;
        double rootSumSquare = expected + Math.sqrt(squaredMargins * scale);
        if (totals == null) {
            return new SpanTotal(expected, rootSumSquare, peak);
        }
        if (hours % span != 0) {
            return partOfADay(point, totals, eventHours, from, hours, expected, rootSumSquare, peak);
        }
        double bound = 0;
        double dayExpected = 0;
        for (long day = from; day < from + hours; day += span) {
            double dayTotal = 0;
            int known = 0;
            boolean event = false;
            for (long i = Math.max(0, day); i < Math.min(point.length, day + span); i++) {
                dayTotal += point[(int) i];
                known++;
                event |= eventHours != null && i < eventHours.length && eventHours[(int) i];
            }
            dayTotal = known == 0 ? meanHour * span : dayTotal * span / known;
            bound += totals.upper(dayTotal, Math.max(0, day), event);
            dayExpected += totals.expected(dayTotal, Math.max(0, day));
        }
        return new SpanTotal(dayExpected, Math.max(dayExpected, bound), peak);
    }

    /**
     * A span shorter than a day, within the 24 hours from its start (or the forecast's last 24): its expected total
     * corrected for the point's bias as that day's is, its upper bound the larger of the root-sum-square of its
     * hourly margins (the noise of a few hours) and its expected total grown by the day's bound ÷ the day's expected
     * total (a level that is off all day is off in every part of it). The root-sum-square alone covered 0.57 of
     * six-hour spans of the electricity check's development part.
     */
    private static SpanTotal partOfADay(double[] point, TotalBound totals, boolean[] eventHours, long from, int hours,
                                        double expected, double rootSumSquare, double peak) {
        int span = TotalBound.SPAN_HOURS;
        long dayFrom = Math.max(0, Math.min(from, point.length - span));
        double dayPoint = 0;
        for (long i = dayFrom; i < Math.min(point.length, dayFrom + span); i++) {
            dayPoint += point[(int) i];
        }
        boolean event = false;
        for (long i = Math.max(0, from); eventHours != null && i < Math.min(eventHours.length, from + hours); i++) {
            event |= eventHours[(int) i];
        }
        double dayExpected = totals.expected(dayPoint, dayFrom);
        if (dayPoint <= 0 || dayExpected <= 0) {
            return new SpanTotal(expected, rootSumSquare, peak);
        }
        double partExpected = expected * dayExpected / dayPoint;
        double dayRatio = totals.upper(dayPoint, dayFrom, event) / dayExpected;
        return new SpanTotal(partExpected, Math.max(Math.max(rootSumSquare, partExpected), partExpected * dayRatio),
                peak);
    }
}
