package io.tablecast.forecasting;

import io.tablecast.forecasting.model.ConformalBound;

import java.util.Arrays;
import java.util.List;

import static io.tablecast.forecasting.HourlyForecaster.HORIZON;
import static io.tablecast.forecasting.HourlyForecaster.WEEK;

/**
 * Each hour the median of the same hour in the last three weeks ({@link LiveSeasonalMedian}); the hours of known
 * events count as missing. For series that keep a timetable ({@link #keepsATimetable}): departures at fixed hours,
 * where a week's delays and cancellations are noise the seasonal naive repeats and the smoothers blur.
 */
final class SeasonalMedianCandidate implements Candidate {
    /**
     * No Poisson count repeats its value of a week before in more than 28 % of the hours it is above 0 (the most,
     * near 0.9 an hour; more dispersed counts repeat less): a series that does in 40 % keeps a timetable. On the
     * checks: card-like counts 0–24 %, sparse counts 10 %, airports' departures 4–10 % at the hubs, 45–93 % at
     * airports of a few flights a day.
     */
    static final double TIMETABLE_REPEAT_SHARE = 0.4;

    private final List<ExternalEvent> events;
    private double[] history;

    SeasonalMedianCandidate(List<ExternalEvent> events) {
        this.events = events;
    }

    /** Whether, over its last eight weeks, the series' busy hours repeat their count of a week before often enough. */
    static boolean keepsATimetable(double[] history) {
        int repeated = 0;
        int busy = 0;
        for (int t = Math.max(WEEK, history.length - HourlyForecaster.SMOOTHER_WINDOW_HOURS); t < history.length; t++) {
            if (history[t] > 0 && !Double.isNaN(history[t - WEEK])) {
                busy++;
                repeated += history[t] == history[t - WEEK] ? 1 : 0;
            }
        }
        return busy > 0 && repeated >= TIMETABLE_REPEAT_SHARE * busy;
    }

    @Override
    public String name() {
        return "seasonal-median-" + LiveSeasonalMedian.WEEKS + "w";
    }

    @Override
    public int minOrigin() {
        return WEEK;
    }

    @Override
    public void fit(double[] history, long firstHour, List<Integer> origins) {
        this.history = ExternalEvent.maskedHours(history, firstHour, events);
    }

    @Override
    public double[] forecastFrom(int origin) {
        double[] f = new double[HORIZON];
        new LiveSeasonalMedian(weeksBefore(origin), 0).forecast(0, f, HORIZON);
        return f;
    }

    /** The hours of the weeks before the origin, oldest first; NaN before the history starts. */
    private double[] weeksBefore(int origin) {
        double[] weeks = new double[LiveSeasonalMedian.HOURS];
        Arrays.fill(weeks, Double.NaN);
        int from = origin - weeks.length;
        System.arraycopy(history, Math.max(0, from), weeks, Math.max(0, -from), Math.min(weeks.length, origin));
        return weeks;
    }

    @Override
    public FittedModel toModel(ConformalBound bound, String note, long nextHour) {
        return FittedModel.seasonalMedian(name(), note, bound, weeksBefore(history.length), nextHour);
    }
}
