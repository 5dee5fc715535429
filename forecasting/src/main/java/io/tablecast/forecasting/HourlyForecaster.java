package io.tablecast.forecasting;

import io.tablecast.forecasting.model.ClockHourScale;
import io.tablecast.forecasting.model.ConformalBound;
import io.tablecast.forecasting.model.EventEffects;
import io.tablecast.forecasting.model.Transform;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fits per-series models on an hourly history and forecasts the next 168 hours with an upper bound.
 *
 * <p>Candidates: double-seasonal smoothing with AR(1) errors (on √y and on log1p y: between them they cover counts
 * whose noise grows with volume and loads that swing by multiples), the Prophet-class regression (additive and
 * multiplicative) on long histories, the weekly seasonal naive as the floor, the median of the last eight weeks,
 * flat (where hours are independent draws, no shape fitted to them beats it), and for counts that keep a timetable
 * the seasonal median of the last three weeks (a week's delays outvoted). Each is run from rolling origins over
 * the last weeks of the history; the one with the lowest mean absolute error there is used, and its errors at those
 * origins calibrate the upper bound ({@link ConformalBound}), as wide at each clock hour as the errors there ran
 * ({@link ClockHourScale}). With too little history it falls back — to the weekly or daily seasonal naive, or to a
 * flat mean — and says so in {@link Forecast#note}. Forecasts are never negative. Deterministic.
 */
public final class HourlyForecaster {
    public static final int HORIZON = 168;
    /** Origins below which the conformal bound is not trusted alone (a week of daily origins). */
    static final int TRUSTED_ORIGINS = 7;
    /** The young segments' bound: at least this multiple of the point forecast. */
    static final double YOUNG_FLOOR_FACTOR = 2.0;
    static final int DAY = 24;
    static final int WEEK = 168;
    static final int SMOOTHER_INIT = 2 * WEEK;
    /**
     * How long a fitted model may serve before its next refit, beyond its own 168 hours: events further ahead are
     * left to a later fit. A full model is refitted daily; a week allows for a job that was down.
     */
    static final int MODEL_LIFE_HOURS = WEEK;
    /** See {@link #silenceBeforeStart}: the events the silent hours would have held at the later rate. */
    static final double START_EVIDENCE = 14;
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
     * their effects are estimated from the history and added to forecasts of hours they touch. A history of whole
     * numbers is taken for counts: its upper bounds are whole numbers too.
     */
    public FittedModel fit(double[] history, long firstHour, List<ExternalEvent> events) {
        return fit(history, firstHour, events, wholeNumbers(history));
    }

    /** @param counts whether the series takes whole values only, which its history may no longer show exactly */
    FittedModel fit(double[] history, long firstHour, List<ExternalEvent> events, boolean counts) {
        return fitModel(history, firstHour, events, counts).withWholeNumbers(counts);
    }

    private FittedModel fitModel(double[] history, long firstHour, List<ExternalEvent> events, boolean counts) {
        int silent = silenceBeforeStart(history);
        if (silent > 0) {
            history = Arrays.copyOfRange(history, silent, history.length);
            firstHour += silent;
        }
        int n = history.length;
        long next = firstHour + n;
        events = reaching(events, firstHour, next + HORIZON + MODEL_LIFE_HOURS);
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
        boolean smoothers = n >= SMOOTHER_INIT + WEEK + DAY;
        // An event in a model's life: its forecasts and the day until the next refit.
        boolean eventAhead = ExternalEvent.anyDuring(events, next, next + HORIZON + DAY);
        if (smoothers) {
            int offset = Math.max(0, n - SMOOTHER_WINDOW_HOURS);
            candidates.add(new SmootherCandidate(Transform.SQRT, events, offset));
            candidates.add(new SmootherCandidate(Transform.LOG1P, events, offset));
        }
        if (n >= regressionFromHours) {
            candidates.add(new RegressionCandidate(Transform.IDENTITY, events));
            candidates.add(new RegressionCandidate(Transform.LOG1P, events));
        }
        if (smoothers && !eventAhead) {
            // It has no place for an event's effect: with one ahead in the model's life it would size the event's
            // window like any other.
            candidates.add(new MedianLevelCandidate());
        }
        if (n >= WEEK + DAY) {
            // Nor has the seasonal naive: where the smoothers can stand in, it stands aside while an event falls in
            // its life. A past event's hours it does not repeat (it looks a week further back).
            if (!smoothers || !eventAhead) {
                candidates.add(new SeasonalNaiveCandidate(WEEK, events));
            }
        } else {
            candidates.add(new SeasonalNaiveCandidate(DAY));
        }
        if (counts && smoothers && !eventAhead && SeasonalMedianCandidate.keepsATimetable(history)) {
            // Nor has the seasonal median. After the naive: where they tie, the simpler model is kept.
            candidates.add(new SeasonalMedianCandidate(events));
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
        double[][] errors = best.workingErrors(history, origins);
        Candidate corrected = DriftCorrectedCandidate.correctIfBetter(best, errors, history, firstHour, origins);
        if (corrected != best) {
            best = corrected;
            errors = best.workingErrors(history, origins);
        }
        ClockHourScale scale = origins.size() < TRUSTED_ORIGINS ? ClockHourScale.NONE
                : ClockHourScale.fromErrors(errors, firstHour, origins, quantile);
        ConformalBound bound = ConformalBound.fromErrors(scale.normalise(errors, firstHour, origins), HORIZON,
                quantile, best.levelAlpha()).withScale(scale);
        String note = silent == 0 ? null : "silent for " + silent + " h before its traffic began: fitted from then";
        if (!smoothers) {
            note = (note == null ? "" : note + "; ") + "only " + n + " h of history: " + best.name()
                    + " (the smoothing models need " + (SMOOTHER_INIT + WEEK + DAY) + " h)";
        }
        FittedModel model;
        if (origins.size() < TRUSTED_ORIGINS) {
            // A bound from a handful of origins can be as narrow as zero on a regular young series: size by a
            // conservative rule until a week of origins calibrates it.
            note = (note == null ? "" : note + "; ") + "upper bound calibrated on " + origins.size()
                    + " origins only: at least twice the point and the highest hour seen";
            model = best.toModel(bound, note, next).withYoungFloor(YOUNG_FLOOR_FACTOR, highest(history));
        } else {
            model = best.toModel(bound, note, next).withTotals(
                    DayTotalCalibration.calibrate(best, history, firstHour, origins, events, quantile));
        }
        return model;
    }

    /**
     * The events whose windows (the event and a day either side) reach the hours [from, to): the others cannot
     * change this fit or its forecasts, and every hour of a fit asks each event whether it applies — a job's holiday
     * calendars over four years (76 days for US and UK) made a refit ten times slower.
     */
    static List<ExternalEvent> reaching(List<ExternalEvent> events, long from, long to) {
        List<ExternalEvent> reaching = new ArrayList<>();
        for (ExternalEvent e : events) {
            if (e.startHour - EventEffects.WINDOW_HOURS < to && e.endHour + EventEffects.WINDOW_HOURS > from) {
                reaching.add(e);
            }
        }
        return reaching.size() == events.size() ? events : reaching;
    }

    /**
     * The hours of silence (zeros, unknown hours) a history opens with when they say the segment did not exist yet:
     * a day or more (a silent night is a segment's shape, not its absence), in which, at the mean rate it has had
     * since, it would have had more than {@value #START_EVIDENCE} events (Poisson: silence that long by chance has odds
     * of about one in a million). 0 otherwise, and for a history of silence. A closed weekend at the start is cut too:
     * two days fewer of history, the same forecasts in effect.
     *
     * <p>Fitted with its silent weeks a segment that started mid-history was calibrated on validation origins from
     * before its start, where every forecast of 0 met 80 an hour: on the generated card check its bound stood at 7–15
     * times the error scale above the point for four weeks (development PL97.5@168 21–37 per origin). From its start
     * it is a young segment, and sized by the rules for those until its own origins calibrate it.
     */
    static int silenceBeforeStart(double[] history) {
        int run = 0;
        while (run < history.length && (Double.isNaN(history[run]) || history[run] == 0)) {
            run++;
        }
        return run >= DAY && run < history.length && meanOf(history, run) * run > START_EVIDENCE ? run : 0;
    }

    /** The mean of the known hours of history[from..]; 0 if none is known. */
    static double meanOf(double[] history, int from) {
        double sum = 0;
        int n = 0;
        for (int i = from; i < history.length; i++) {
            if (!Double.isNaN(history[i])) {
                sum += history[i];
                n++;
            }
        }
        return n == 0 ? 0 : sum / n;
    }

    static boolean wholeNumbers(double[] history) {
        for (double v : history) {
            if (v != Math.rint(v) && !Double.isNaN(v)) {
                return false;
            }
        }
        return true;
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
        double mean = meanOf(history, 0);
        // With no daily cycle seen yet, allow for the peak being well above anything seen so far.
        return FittedModel.flat("only " + observed + " observed hours (< 24): flat mean, bound at twice the highest "
                + "hour seen", mean, Math.max(2 * highest(history), mean + 1), next);
    }
}
