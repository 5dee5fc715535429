package io.tablecast.forecasting;

import io.tablecast.forecasting.model.ConformalBound;
import io.tablecast.forecasting.model.SlidingMedian;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.tablecast.forecasting.HourlyForecaster.HORIZON;
import static io.tablecast.forecasting.HourlyForecaster.SMOOTHER_WINDOW_HOURS;
import static io.tablecast.forecasting.HourlyForecaster.WEEK;

/**
 * No pattern: the median of the last {@link HourlyForecaster#SMOOTHER_WINDOW_HOURS} hours, flat. Where hours are independent
 * draws (sparse, bursty counts) nothing beats it under absolute error, and the seasonal models, fitting noise as
 * a daily or weekly shape, lose to it on validation: it keeps them from inventing a pattern.
 */
final class MedianLevelCandidate implements Candidate {
    private final Map<Integer, double[]> fromOrigin = new HashMap<>();
    private SlidingMedian medians;
    private int historyLength;

    @Override
    public String name() {
        return "median-level";
    }

    @Override
    public int minOrigin() {
        return WEEK;
    }

    @Override
    public void fit(double[] history, long firstHour, List<Integer> origins) {
        medians = new SlidingMedian(history, SMOOTHER_WINDOW_HOURS);
        for (int o : origins) {  // ascending
            double[] f = new double[HORIZON];
            Arrays.fill(f, medians.medianBefore(o));
            fromOrigin.put(o, f);
        }
        historyLength = history.length;
    }

    @Override
    public double[] forecastFrom(int origin) {
        return fromOrigin.get(origin);
    }

    @Override
    public FittedModel toModel(ConformalBound bound, String note, long nextHour) {
        return FittedModel.level(name(), note, bound, medians.medianBefore(historyLength), nextHour);
    }
}
