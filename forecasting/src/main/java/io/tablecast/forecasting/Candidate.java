package io.tablecast.forecasting;

import io.tablecast.forecasting.model.ConformalBound;
import io.tablecast.forecasting.model.Transform;

import java.util.List;

import static io.tablecast.forecasting.HourlyForecaster.HORIZON;

/** A model under selection. Forecasts are in its working space (see {@link #transform()}). */
interface Candidate {
    String name();

    /** The space its forecasts are in: counts themselves unless it says otherwise. */
    default Transform transform() {
        return Transform.IDENTITY;
    }

    int minOrigin();

    void fit(double[] history, long firstHour, List<Integer> origins);

    /** Forecast from origin o (the model has seen history[0..o)), in working space. */
    double[] forecastFrom(int origin);

    FittedModel toModel(ConformalBound bound, String note, long nextHour);

    /** Called on the chosen candidate only: the costlier parts of its fit, then its final forecasts per origin. */
    default void refine(double[] history, List<Integer> origins) {}

    /** How strongly the model's level follows each error; 0 for models without a wandering level. */
    default double levelAlpha() {
        return 0;
    }

    default double[][] workingErrors(double[] history, List<Integer> origins) {
        double[][] errors = new double[origins.size()][HORIZON];
        for (int i = 0; i < origins.size(); i++) {
            int o = origins.get(i);
            double[] f = forecastFrom(o);
            for (int h = 0; h < HORIZON; h++) {
                errors[i][h] = o + h < history.length && !Double.isNaN(history[o + h])
                        ? transform().forward(history[o + h]) - f[h] : Double.NaN;
            }
        }
        return errors;
    }

    /**
     * Total absolute error, in original units, over all horizons from the validation origins: every candidate is
     * judged on the same hours, so the total ranks them as the mean would.
     */
    default double validationError(double[] history, List<Integer> origins) {
        double sum = 0;
        for (int o : origins) {
            sum += absoluteError(history, o, forecastFrom(o), HORIZON, transform());
        }
        return sum;
    }

    /** Sum of absolute errors, in original units, of a working-space forecast from an origin over its horizon. */
    static double absoluteError(double[] history, int origin, double[] forecast, int horizon, Transform transform) {
        double error = 0;
        for (int h = 0; h < horizon && origin + h < history.length; h++) {
            if (!Double.isNaN(history[origin + h])) {
                error += Math.abs(history[origin + h] - Math.max(0, transform.inverse(forecast[h])));
            }
        }
        return error;
    }
}
