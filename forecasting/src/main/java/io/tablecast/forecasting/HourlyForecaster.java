package io.tablecast.forecasting;

import io.tablecast.forecasting.model.ConformalBound;
import io.tablecast.forecasting.model.DoubleSeasonalSmoother;
import io.tablecast.forecasting.model.EventEffects;
import io.tablecast.forecasting.model.RegressionModel;
import io.tablecast.forecasting.model.SeasonalTrendModel;
import io.tablecast.forecasting.model.SlidingMedian;
import io.tablecast.forecasting.model.SmootherFitter;
import io.tablecast.forecasting.model.TotalBound;
import io.tablecast.forecasting.model.Transform;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fits per-series models on an hourly history and forecasts the next 168 hours with an upper bound.
 *
 * <p>Candidates: double-seasonal smoothing with AR(1) errors (on √y and on log1p y: between them they cover counts
 * whose noise grows with volume and loads that swing by multiples), the Prophet-class regression (additive and
 * multiplicative) on long histories, the weekly seasonal naive as the floor, and the median of the last eight weeks,
 * flat (where hours are independent draws, no shape fitted to them beats it). Each is run from rolling origins over
 * the last weeks of the history; the one with the lowest mean absolute error there is used, and its errors at those
 * origins calibrate the upper bound
 * ({@link ConformalBound}). With too little history it falls back — to the weekly or daily seasonal naive, or to a
 * flat mean — and says so in {@link Forecast#note}. Forecasts are never negative. Deterministic.
 */
public final class HourlyForecaster {
    public static final int HORIZON = 168;
    /** Origins below which the conformal bound is not trusted alone (a week of daily origins). */
    static final int TRUSTED_ORIGINS = 7;
    /** The young segments' bound: at least this multiple of the point forecast. */
    static final double YOUNG_FLOOR_FACTOR = 2.0;
    private static final int DAY = 24;
    private static final int WEEK = 168;
    private static final int SMOOTHER_INIT = 2 * WEEK;
    /** Rolling origins used for selection and calibration: one a day, at most this many. */
    private static final int VALIDATION_ORIGINS = 60;
    /**
     * The smoothing models see at most the last eight weeks: what they were measured on, and it bounds a refit's
     * cost whatever the history's length (the models forget older hours anyway). The regression sees it all.
     */
    public static final int SMOOTHER_WINDOW_HOURS = 8 * WEEK;

    /**
     * The regression is tried from this much history on. On weeks of hourly data it costs more than the smoothers
     * together and is rarely chosen (measured on the electricity check); it earns its keep on long histories, where
     * its trend changepoints and yearly cycle see what the smoothers cannot.
     */
    public static final int DEFAULT_REGRESSION_FROM_HOURS = 26 * WEEK;

    private final double quantile;
    private final int regressionFromHours;

    public HourlyForecaster(double quantile) {
        this(quantile, DEFAULT_REGRESSION_FROM_HOURS);
    }

    public HourlyForecaster(double quantile, int regressionFromHours) {
        if (!(quantile > 0.5 && quantile < 1)) {
            throw new IllegalArgumentException("quantile must be in (0.5, 1), was " + quantile);
        }
        this.quantile = quantile;
        this.regressionFromHours = Math.max(2 * WEEK + DAY, regressionFromHours);
    }

    /**
     * @param history   hourly values, oldest first; NaN marks a missing hour
     * @param firstHour absolute hour (hours since the epoch, UTC or local — consistently) of {@code history[0]}
     */
    public Forecast fitAndForecast(double[] history, long firstHour) {
        return fit(history, firstHour).forecast();
    }

    /**
     * Chooses and fits a model on the history, leaving it live at the hour after the history: feed it further hours
     * with {@link FittedModel#update} and forecast whenever needed.
     */
    public FittedModel fit(double[] history, long firstHour) {
        return fit(history, firstHour, List.of());
    }

    /**
     * As {@link #fit(double[], long)}, with external events (holidays, promotions...) that apply to this series:
     * their effects are estimated from the history and added to forecasts of hours they touch.
     */
    public FittedModel fit(double[] history, long firstHour, List<ExternalEvent> events) {
        int n = history.length;
        long next = firstHour + n;
        int observed = 0;
        for (double v : history) {
            if (!Double.isNaN(v)) {
                observed++;
            }
        }
        if (observed < DAY) {
            return flat(history, next, observed);
        }
        List<Candidate> candidates = new ArrayList<>();
        if (n >= SMOOTHER_INIT + WEEK + DAY) {
            int offset = Math.max(0, n - SMOOTHER_WINDOW_HOURS);
            candidates.add(new SmootherCandidate(Transform.SQRT, events, offset));
            candidates.add(new SmootherCandidate(Transform.LOG1P, events, offset));
        }
        if (n >= regressionFromHours) {
            candidates.add(new RegressionCandidate(Transform.IDENTITY, events));
            candidates.add(new RegressionCandidate(Transform.LOG1P, events));
        }
        boolean smoothers = n >= SMOOTHER_INIT + WEEK + DAY;
        if (smoothers && !anyDuring(events, next, next + HORIZON + DAY)) {
            // It has no place for an event's effect: with one ahead in the model's life (its forecasts and the day
            // until the next refit) it would size the event's window like any other.
            candidates.add(new MedianLevel());
        }
        if (n >= WEEK + DAY) {
            // Nor has the seasonal naive, which also repeats a past event's week: where the smoothers can stand in,
            // it stands aside while an event falls in the week it repeats or in its life.
            if (!smoothers || !anyDuring(events, next - WEEK, next + HORIZON + DAY)) {
                candidates.add(new SeasonalNaive(WEEK));
            }
        } else {
            candidates.add(new SeasonalNaive(DAY));
        }
        int minOrigin = candidates.stream().mapToInt(Candidate::minOrigin).max().orElse(DAY);
        List<Integer> origins = new ArrayList<>();
        for (int o = n - DAY; o >= minOrigin && origins.size() < VALIDATION_ORIGINS; o -= DAY) {
            origins.add(0, o);
        }

        Candidate best = null;
        double bestScore = Double.POSITIVE_INFINITY;
        for (Candidate c : candidates) {
            c.fit(history, firstHour, origins);
            double score = c.validationError(history, origins);
            if (score < bestScore || best == null) {
                best = c;
                bestScore = score;
            }
        }
        best.refine(history, origins);
        ConformalBound bound = ConformalBound.fromErrors(best.workingErrors(history, origins), HORIZON, quantile,
                best.levelAlpha());
        TotalBound totals = origins.size() < TRUSTED_ORIGINS ? null : dayTotals(best, history, origins);
        String note = null;
        if (n < SMOOTHER_INIT + WEEK + DAY) {
            note = "only " + n + " h of history: " + best.name() + " (the smoothing models need "
                    + (SMOOTHER_INIT + WEEK + DAY) + " h)";
        }
        FittedModel model;
        if (origins.size() < TRUSTED_ORIGINS) {
            // A bound from a handful of origins can be as narrow as zero on a regular young series: size by a
            // conservative rule until a week of origins calibrates it.
            note = (note == null ? "" : note + "; ") + "upper bound calibrated on " + origins.size()
                    + " origins only: at least twice the point and the highest hour seen";
            model = best.toModel(bound, note, next).withYoungFloor(YOUNG_FLOOR_FACTOR, highest(history));
        } else {
            model = best.toModel(bound, note, next).withTotals(totals);
        }
        return model;
    }

    /** The chosen candidate's day totals from each origin, forecast against actual, calibrating {@link TotalBound}. */
    private TotalBound dayTotals(Candidate best, double[] history, List<Integer> origins) {
        int days = HORIZON / TotalBound.SPAN_HOURS;
        double[][] actual = new double[origins.size()][days];
        double[][] forecast = new double[origins.size()][days];
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
            }
        }
        return TotalBound.fromTotals(actual, forecast, quantile);
    }

    /** Whether any of the events touches the hours [from, to). */
    private static boolean anyDuring(List<ExternalEvent> events, long from, long to) {
        for (ExternalEvent e : events) {
            if (e.startHour < to && e.endHour > from) {
                return true;
            }
        }
        return false;
    }

    private static double highest(double[] history) {
        double max = 0;
        for (double v : history) {
            if (!Double.isNaN(v)) {
                max = Math.max(max, v);
            }
        }
        return max;
    }

    private static FittedModel flat(double[] history, long next, int observed) {
        double sum = 0;
        double max = 0;
        for (double v : history) {
            if (!Double.isNaN(v)) {
                sum += v;
                max = Math.max(max, v);
            }
        }
        double mean = observed == 0 ? 0 : sum / observed;
        // With no daily cycle seen yet, allow for the peak being well above anything seen so far.
        return FittedModel.flat("only " + observed + " observed hours (< 24): flat mean, bound at twice the highest "
                + "hour seen", mean, Math.max(2 * max, mean + 1), next);
    }

    /** A model under selection. Forecasts are in its working space (see {@link #transform()}). */
    private interface Candidate {
        String name();

        Transform transform();

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
    }

    /** Sum of absolute errors, in original units, of a working-space forecast from an origin over its horizon. */
    private static double absoluteError(double[] history, int origin, double[] forecast, int horizon,
                                        Transform transform) {
        double error = 0;
        for (int h = 0; h < horizon && origin + h < history.length; h++) {
            if (!Double.isNaN(history[origin + h])) {
                error += Math.abs(history[origin + h] - Math.max(0, transform.inverse(forecast[h])));
            }
        }
        return error;
    }

    /**
     * Double-seasonal smoothing in one working space, on the history from {@code offset} on (origins and forecasts
     * are indexed in the whole history; {@code working} and the models, from the offset). Selection compares the one-step-fitted smoother alone; the
     * winner is then {@linkplain #refine refined}: a second smoother fitted for the next day takes part in hours
     * 1–24 (the parameters that forecast tomorrow best are not those that get next week's shape right), and the
     * result is averaged with STL-then-exponential-smoothing ({@link SeasonalTrendModel}) fitted on the same
     * history: two models that err differently. The STL model's share, at most an equal one, is chosen on the last
     * week of origins (see {@link #stlOnRecentOrigins}).
     */
    private static final class SmootherCandidate implements Candidate {
        /** The STL model's possible shares; never above an equal one, where the bound's calibration rests. */
        private static final double[] STL_WEIGHTS = {0, 0.25, 0.5};
        /** Origins on which the STL model's share is chosen: the last week. */
        private static final int STL_ORIGINS = 7;
        /** History the STL model is judged from: five weeks, enough for its weekly loess, cheaper than all. */
        private static final int STL_VALIDATION_HOURS = 5 * WEEK;

        private final Transform transform;
        private final List<ExternalEvent> events;
        private final int offset;
        private EventEffects effects = EventEffects.none();
        /** history[offset..] in the working space, event effects taken out. */
        private double[] working;
        /** The absolute hour of working[0]. */
        private long firstHour;
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
            if (!events.isEmpty()) {
                EventEffects windows = EventEffects.windowsOf(events);
                effects = EventEffects.estimate(events, SmootherFitter.residualsSkipping(working, firstHour,
                        windows::touches), firstHour, transform, meanOf(working));
                for (int i = 0; i < working.length; i++) {
                    working[i] -= effects.at(firstHour + i);
                }
            }
            fitted = SmootherFitter.fit(working, firstHour, SmootherFitter.Objective.ONE_STEP);
            weekPaths = paths(fitted, origins, HORIZON);
            for (int o : origins) {
                fromOrigin.put(o, withEffects(weekPaths.get(o).clone(), o));
            }
        }

        @Override
        public void refine(double[] history, List<Integer> origins) {
            dayFitted = SmootherFitter.fit(working, firstHour, SmootherFitter.Objective.DAY_AHEAD, fitted);
            Map<Integer, double[]> dayPaths = paths(dayFitted, origins, DAY);
            dayWeight = chooseDayWeight(history, origins, dayPaths);
            for (int o : origins) {
                fromOrigin.put(o, withEffects(FittedModel.blend(dayPaths.get(o), weekPaths.get(o), dayWeight), o));
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
                    error += absoluteError(history, o, combine(fromOrigin.get(o), stlPaths.get(o), w), HORIZON,
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
            int i = m.initialise(working, firstHour);
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
            for (int h = 0; h < HORIZON; h++) {
                path[h] += effects.at(firstHour + origin - offset + h);
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
                    error += absoluteError(history, o,
                            withEffects(FittedModel.blend(dayPaths.get(o), weekPaths.get(o), w), o), DAY, transform);
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

    /** The Prophet-class regression; refitted at every origin from normal equations accumulated in time order. */
    private static final class RegressionCandidate implements Candidate {
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

    /** Same hour one period ago; missing hours take the period before that, else the last value seen. */
    private static final class SeasonalNaive implements Candidate {
        private final int period;
        private double[] history;

        SeasonalNaive(int period) {
            this.period = period;
        }

        @Override
        public String name() {
            return "seasonal-naive-" + period;
        }

        @Override
        public Transform transform() {
            return Transform.IDENTITY;
        }

        @Override
        public int minOrigin() {
            return period;
        }

        @Override
        public void fit(double[] history, long firstHour, List<Integer> origins) {
            this.history = history;
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

    /**
     * No pattern: the median of the last {@link #SMOOTHER_WINDOW_HOURS} hours, flat. Where hours are independent
     * draws (sparse, bursty counts) nothing beats it under absolute error, and the seasonal models, fitting noise as
     * a daily or weekly shape, lose to it on validation: it keeps them from inventing a pattern.
     */
    private static final class MedianLevel implements Candidate {
        private final Map<Integer, double[]> fromOrigin = new HashMap<>();
        private SlidingMedian medians;
        private int historyLength;

        @Override
        public String name() {
            return "median-level";
        }

        @Override
        public Transform transform() {
            return Transform.IDENTITY;
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

    /** The mean of the known values (NaN: missing); 0 when none is known. */
    static double meanOf(double[] values) {
        double sum = 0;
        int n = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? 0 : sum / n;
    }
}
