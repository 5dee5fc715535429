package io.tablecast.forecasting;

import io.tablecast.forecasting.model.ConformalBound;

import java.util.Arrays;
import java.util.List;

import static io.tablecast.forecasting.HourlyForecaster.HORIZON;

/**
 * Same hour one period ago; missing hours take the period before that, else the last value seen. The hours of known
 * events count as missing: a holiday last week is not repeated this week.
 */
final class SeasonalNaiveCandidate implements Candidate {
    private final int period;
    private final List<ExternalEvent> events;
    private double[] history;

    SeasonalNaiveCandidate(int period) {
        this(period, List.of());
    }

    /** @param events events whose hours it does not repeat (it has no place for their effect) */
    SeasonalNaiveCandidate(int period, List<ExternalEvent> events) {
        this.period = period;
        this.events = events;
    }

    @Override
    public String name() {
        return "seasonal-naive-" + period;
    }

    @Override
    public int minOrigin() {
        return period;
    }

    @Override
    public void fit(double[] history, long firstHour, List<Integer> origins) {
        this.history = ExternalEvent.maskedHours(history, firstHour, events);
    }

    @Override
    public double[] forecastFrom(int origin) {
        double[] f = new double[HORIZON];
        for (int h = 0; h < HORIZON; h++) {
            f[h] = lookBack(origin, h);
        }
        return f;
    }

    private double lookBack(int origin, int h) {
        for (int back = origin - period + (h % period); back >= 0; back -= period) {
            if (!Double.isNaN(history[back])) {
                return history[back];
            }
        }
        for (int i = origin - 1; i >= 0; i--) {
            if (!Double.isNaN(history[i])) {
                return history[i];
            }
        }
        return 0;
    }

    @Override
    public FittedModel toModel(ConformalBound bound, String note, long nextHour) {
        return FittedModel.seasonalNaive(name(), note, bound,
                Arrays.copyOf(forecastFrom(history.length), period), nextHour);
    }
}
