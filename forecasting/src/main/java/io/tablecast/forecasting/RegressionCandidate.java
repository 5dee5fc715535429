package io.tablecast.forecasting;

import io.tablecast.forecasting.model.ConformalBound;
import io.tablecast.forecasting.model.EventEffects;
import io.tablecast.forecasting.model.RegressionModel;
import io.tablecast.forecasting.model.Transform;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.tablecast.forecasting.HourlyForecaster.HORIZON;
import static io.tablecast.forecasting.HourlyForecaster.WEEK;

/** The Prophet-class regression; refitted at every origin from normal equations accumulated in time order. */
final class RegressionCandidate implements Candidate {
    private final Transform transform;
    private final List<ExternalEvent> events;
    private final Map<Integer, double[]> fromOrigin = new HashMap<>();
    private RegressionModel model;
    private double[] beta;

    RegressionCandidate(Transform transform, List<ExternalEvent> events) {
        this.transform = transform;
        this.events = events;
    }

    @Override
    public String name() {
        return "regression/" + transform.name().toLowerCase() + (events.isEmpty() ? "" : "+events");
    }

    @Override
    public Transform transform() {
        return transform;
    }

    @Override
    public int minOrigin() {
        return 2 * WEEK;
    }

    @Override
    public void fit(double[] history, long firstHour, List<Integer> origins) {
        double[] z = transform.forward(history);
        model = new RegressionModel(firstHour, history.length,
                events.isEmpty() ? EventEffects.none() : EventEffects.windowsOf(events));
        int next = 0;
        for (int i = 0; i < z.length; i++) {
            if (next < origins.size() && origins.get(next) == i) {
                double[] f = new double[HORIZON];
                model.forecast(model.solve(), firstHour + i, f);
                fromOrigin.put(i, f);
                next++;
            }
            model.add(firstHour + i, z[i]);
        }
        beta = model.solve();
    }

    @Override
    public double[] forecastFrom(int origin) {
        return fromOrigin.get(origin);
    }

    @Override
    public FittedModel toModel(ConformalBound bound, String note, long nextHour) {
        return FittedModel.regression(name(), note, transform, bound, model, beta, nextHour);
    }
}
