package io.tablecast.forecasting;

import io.tablecast.forecasting.model.ConformalBound;
import io.tablecast.forecasting.model.DoubleSeasonalSmoother;
import io.tablecast.forecasting.model.EventEffects;
import io.tablecast.forecasting.model.SeasonalTrendModel;
import io.tablecast.forecasting.model.SmootherFitter;
import io.tablecast.forecasting.model.Transform;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.tablecast.forecasting.HourlyForecaster.DAY;
import static io.tablecast.forecasting.HourlyForecaster.HORIZON;
import static io.tablecast.forecasting.HourlyForecaster.SMOOTHER_INIT;
import static io.tablecast.forecasting.HourlyForecaster.WEEK;

/**
 * Double-seasonal smoothing in one working space, on the history from {@code offset} on (origins and forecasts
 * are indexed in the whole history; {@code working} and the models, from the offset). Selection compares the
 * one-step-fitted smoother alone; the winner is then {@linkplain #refine refined}: a second smoother fitted for the
 * next day takes part in hours 1–24 (the parameters that forecast tomorrow best are not those that get next week's
 * shape right), and the result is averaged with STL-then-exponential-smoothing ({@link SeasonalTrendModel}) fitted
 * on the same history: two models that err differently. The STL model's share, at most an equal one, is chosen on
 * the last week of origins (see {@link #stlOnRecentOrigins}).
 */
final class SmootherCandidate implements Candidate {
    /** The STL model's possible shares; never above an equal one, where the bound's calibration rests. */
    private static final double[] STL_WEIGHTS = {0, 0.25, 0.5};
    /** Origins on which the STL model's share is chosen: the last week. */
    private static final int STL_ORIGINS = 7;
    /** History the STL model is judged from: five weeks, enough for its weekly loess, cheaper than all. */
    private static final int STL_VALIDATION_HOURS = 5 * WEEK;

    private final Transform transform;
    /** The events given; at the fit, those that reach the hours it sees or forecasts. */
    private List<ExternalEvent> events;
    private final int offset;
    private EventEffects effects = EventEffects.none();
    /** effects.at(firstHour + i) for the history and the week after it; null without events. */
    private double[] effectByIndex;
    /** history[offset..] in the working space, event effects taken out. */
    private double[] working;
    /** The absolute hour of working[0]. */
    private long firstHour;
    /** What Poisson noise alone spreads one-step errors by at the history's mean: the smoothers' least error scale. */
    private double noiseSd;
    private DoubleSeasonalSmoother fitted;
    private DoubleSeasonalSmoother dayFitted;
    private SeasonalTrendModel seasonalTrend;
    private double stlWeight;
    private double dayWeight;
    /** The one-step smoother's forecasts from each origin, before events. */
    private Map<Integer, double[]> weekPaths;
    /** The candidate's forecasts from each origin, as validation and calibration see them. */
    private final Map<Integer, double[]> fromOrigin = new HashMap<>();

    SmootherCandidate(Transform transform, List<ExternalEvent> events, int offset) {
        this.transform = transform;
        this.events = events;
        this.offset = offset;
    }

    @Override
    public String name() {
        return "dshw-ar1" + (seasonalTrend == null ? "" : "+stl-ets") + "/" + transform.name().toLowerCase()
                + (events.isEmpty() ? "" : "+events");
    }

    @Override
    public Transform transform() {
        return transform;
    }

    @Override
    public int minOrigin() {
        return offset + SMOOTHER_INIT + DAY;
    }

    @Override
    public void fit(double[] history, long historyStart, List<Integer> origins) {
        firstHour = historyStart + offset;
        working = transform.forward(Arrays.copyOfRange(history, offset, history.length));
        noiseSd = transform.poissonSd(HourlyForecaster.meanOf(history, offset));
        events = HourlyForecaster.reaching(events, firstHour, historyStart + history.length + HORIZON
                + HourlyForecaster.MODEL_LIFE_HOURS);
        if (!events.isEmpty()) {
            EventEffects windows = EventEffects.windowsOf(events);
            effects = EventEffects.estimate(events, SmootherFitter.residualsSkipping(working, firstHour,
                    noiseSd, windows::touches), firstHour, transform, working);
            // Validation adds the effects to every origin's forecasts, several times over: work each hour's out once.
            effectByIndex = new double[working.length + HORIZON];
            for (int i = 0; i < effectByIndex.length; i++) {
                effectByIndex[i] = effects.at(firstHour + i);
            }
            for (int i = 0; i < working.length; i++) {
                working[i] -= effectByIndex[i];
            }
        }
        fitted = SmootherFitter.fit(working, firstHour, noiseSd, SmootherFitter.Objective.ONE_STEP);
        weekPaths = paths(fitted, origins, HORIZON);
        for (int o : origins) {
            fromOrigin.put(o, withEffects(weekPaths.get(o).clone(), o));
        }
    }

    @Override
    public void refine(double[] history, List<Integer> origins) {
        dayFitted = SmootherFitter.fit(working, firstHour, noiseSd, SmootherFitter.Objective.DAY_AHEAD,
                fitted);
        Map<Integer, double[]> dayPaths = paths(dayFitted, origins, DAY);
        dayWeight = chooseDayWeight(history, origins, dayPaths);
        for (int o : origins) {
            fromOrigin.put(o, withEffects(LiveSmoother.blend(dayPaths.get(o), weekPaths.get(o), dayWeight), o));
        }
        SeasonalTrendModel earlier = stlOnRecentOrigins(history, origins);
        if (earlier != null && stlWeight > 0) {
            seasonalTrend = SeasonalTrendModel.refit(earlier, working, working.length, firstHour);
        }
    }

    /**
     * Sets the STL model's share, of {@link #STL_WEIGHTS}, to the one whose combination had the lowest error over
     * all 168 hours from the last {@link #STL_ORIGINS} origins, and returns the STL model fitted there (null: no
     * origins). Decomposing anew at every origin would cost a decomposition each; instead one is
     * made at the first of those origins, from the {@link #STL_VALIDATION_HOURS} before it, and kept, its level
     * learning hour by hour as the live model does between refits: the STL side is judged on a shorter history
     * and a profile up to a week staler than it will have, a bias towards the smoother alone. The combined
     * forecasts replace the smoother's at those origins, so that the bound is calibrated on what will be used
     * where that is known.
     */
    private SeasonalTrendModel stlOnRecentOrigins(double[] history, List<Integer> origins) {
        List<Integer> recent = origins.subList(Math.max(0, origins.size() - STL_ORIGINS), origins.size());
        if (recent.isEmpty()) {
            return null;
        }
        int first = recent.get(0) - offset;
        int from = Math.max(0, first - STL_VALIDATION_HOURS);
        SeasonalTrendModel model = SeasonalTrendModel.fit(Arrays.copyOfRange(working, from, first),
                first - from, firstHour + from);
        Map<Integer, double[]> stlPaths = new HashMap<>();
        int i = first;
        for (int o : recent) {
            for (; i < o - offset; i++) {
                model.update(working[i]);
            }
            double[] path = new double[HORIZON];
            model.forecast(path, HORIZON);
            stlPaths.put(o, withEffects(path, o));
        }
        double bestError = Double.POSITIVE_INFINITY;
        for (double w : STL_WEIGHTS) {
            double error = 0;
            for (int o : recent) {
                error += Candidate.absoluteError(history, o, combine(fromOrigin.get(o), stlPaths.get(o), w), HORIZON,
                        transform);
            }
            if (error < bestError) {
                bestError = error;
                stlWeight = w;
            }
        }
        for (int o : recent) {
            fromOrigin.put(o, combine(fromOrigin.get(o), stlPaths.get(o), stlWeight));
        }
        return model;
    }

    private static double[] combine(double[] path, double[] other, double otherWeight) {
        double[] f = new double[path.length];
        for (int h = 0; h < f.length; h++) {
            f[h] = path[h] + otherWeight * (other[h] - path[h]);
        }
        return f;
    }

    /** Forecasts from each origin by a fresh smoother with {@code like}'s parameters run up to it. */
    private Map<Integer, double[]> paths(DoubleSeasonalSmoother like, List<Integer> origins, int horizon) {
        DoubleSeasonalSmoother m = new DoubleSeasonalSmoother(0, 0, 0, 0).withParameters(like.parameters());
        int i = m.initialise(working, firstHour, noiseSd);
        Map<Integer, double[]> paths = new HashMap<>();
        for (int o : origins) {
            m.updateAll(working, i, o - offset);
            i = o - offset;
            double[] path = new double[HORIZON];
            m.forecast(path, horizon);
            paths.put(o, path);
        }
        return paths;
    }

    private double[] withEffects(double[] path, int origin) {
        if (effectByIndex != null) {
            for (int h = 0; h < HORIZON; h++) {
                path[h] += effectByIndex[origin - offset + h];
            }
        }
        return path;
    }

    /**
     * How much of the next day to take from the day-ahead smoother rather than the one-step one: the weight, of
     * 0, ¼, ½, ¾ and 1, whose blend had the lowest day-ahead error from the validation origins.
     */
    private double chooseDayWeight(double[] history, List<Integer> origins, Map<Integer, double[]> dayPaths) {
        double best = 1;
        double bestError = Double.POSITIVE_INFINITY;
        for (double w = 0; w <= 1.0001; w += 0.25) {
            double error = 0;
            for (int o : origins) {
                error += Candidate.absoluteError(history, o,
                        withEffects(LiveSmoother.blend(dayPaths.get(o), weekPaths.get(o), w), o), DAY, transform);
            }
            if (error < bestError) {
                bestError = error;
                best = w;
            }
        }
        return best;
    }

    @Override
    public double[] forecastFrom(int origin) {
        return fromOrigin.get(origin);
    }

    @Override
    public double levelAlpha() {
        return fitted.parameters()[0];
    }

    @Override
    public FittedModel toModel(ConformalBound bound, String note, long nextHour) {
        return FittedModel.smoother(name(), note, transform, bound, dayFitted, fitted, dayWeight, effects,
                seasonalTrend, stlWeight);
    }
}
