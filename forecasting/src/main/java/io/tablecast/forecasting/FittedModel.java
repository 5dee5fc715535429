package io.tablecast.forecasting;

import io.tablecast.forecasting.model.ConformalBound;
import io.tablecast.forecasting.model.DoubleSeasonalSmoother;
import io.tablecast.forecasting.model.EventEffects;
import io.tablecast.forecasting.model.ProfileDrift;
import io.tablecast.forecasting.model.RegressionModel;
import io.tablecast.forecasting.model.SeasonalTrendModel;
import io.tablecast.forecasting.model.TotalBound;
import io.tablecast.forecasting.model.Transform;

/**
 * A model chosen and fitted by {@link HourlyForecaster}, live: {@link #update} learns from each new hour in O(1),
 * {@link #forecast} gives the next 168 hours from where it stands, with the upper bound its fit calibrated. What is
 * particular to each kind of model lives in its {@link LiveModel}; a snapshot is {@link FittedModelCodec}'s.
 */
public final class FittedModel {
    enum Kind { SMOOTHER, SEASONAL_NAIVE, FLAT, REGRESSION, LEVEL, SEASONAL_MEDIAN }

    private static final int HORIZON = HourlyForecaster.HORIZON;

    private final Kind kind;
    private String name;
    private final String note;
    private final Transform transform;
    private final ConformalBound bound;
    private final LiveModel live;
    private long nextHour;
    /**
     * A floor under the upper bound while it is calibrated on too few origins to trust (a young segment): at least
     * {@code factor} times the point forecast and never below {@code level}, the highest hour seen. Zero otherwise.
     */
    private double youngFloorFactor;
    private double youngFloorLevel;
    /** Bounds for day totals, calibrated at the fit; null where too few origins were seen to calibrate them. */
    private TotalBound totals;
    /** The drift of the daily shape added to every forecast (working space), learnt at the fit. */
    private ProfileDrift drift = ProfileDrift.NONE;
    /** Whether the series is counts (whole numbers only): its upper bound is then a whole number too. */
    private boolean wholeNumbers;

    FittedModel(Kind kind, String name, String note, Transform transform, ConformalBound bound, LiveModel live,
                long nextHour) {
        this.kind = kind;
        this.name = name;
        this.note = note;
        this.transform = transform;
        this.bound = bound;
        this.live = live;
        this.nextHour = nextHour;
    }

    static FittedModel smoother(String name, String note, Transform transform, ConformalBound bound,
                                DoubleSeasonalSmoother day, DoubleSeasonalSmoother week, double dayWeight,
                                EventEffects effects, SeasonalTrendModel seasonalTrend, double seasonalTrendWeight) {
        return new FittedModel(Kind.SMOOTHER, name, note, transform, bound,
                new LiveSmoother(transform, day, week, dayWeight, effects, seasonalTrend, seasonalTrendWeight),
                week.nextHour());
    }

    /** @param lastPeriod the last {@code period} values, oldest first, missing ones already filled */
    static FittedModel seasonalNaive(String name, String note, ConformalBound bound, double[] lastPeriod,
                                     long nextHour) {
        return new FittedModel(Kind.SEASONAL_NAIVE, name, note, Transform.IDENTITY, bound,
                new LiveSeasonalNaive(lastPeriod, 0), nextHour);
    }

    /** @param lastWeeks the last {@value LiveSeasonalMedian#HOURS} hours, oldest first (NaN: unknown) */
    static FittedModel seasonalMedian(String name, String note, ConformalBound bound, double[] lastWeeks,
                                      long nextHour) {
        return new FittedModel(Kind.SEASONAL_MEDIAN, name, note, Transform.IDENTITY, bound,
                new LiveSeasonalMedian(lastWeeks, 0), nextHour);
    }

    static FittedModel regression(String name, String note, Transform transform, ConformalBound bound,
                                  RegressionModel regression, double[] beta, long nextHour) {
        return new FittedModel(Kind.REGRESSION, name, note, transform, bound, new LiveRegression(regression, beta),
                nextHour);
    }

    /** Too little history for anything else: the mean, and an upper bound the caller sets. */
    static FittedModel flat(String note, double mean, double upper, long nextHour) {
        return new FittedModel(Kind.FLAT, "flat-mean", note, Transform.IDENTITY,
                ConformalBound.of(new double[] {upper - mean}), new LiveConstant(mean, upper), nextHour);
    }

    /** A constant level with a conformal bound: the series' pattern, if any, does not beat its median. */
    static FittedModel level(String name, String note, ConformalBound bound, double level, long nextHour) {
        return new FittedModel(Kind.LEVEL, name, note, Transform.IDENTITY, bound, new LiveConstant(level, Double.NaN),
                nextHour);
    }

    /** See {@link #youngFloorFactor}: applied to every forecast from now on. */
    FittedModel withYoungFloor(double factor, double level) {
        youngFloorFactor = factor;
        youngFloorLevel = level;
        return this;
    }

    /** See {@link DriftCorrectedCandidate}: the model is named for it too. */
    FittedModel withDrift(String name, ProfileDrift drift) {
        this.name = name;
        this.drift = drift;
        return this;
    }

    /** See {@link #wholeNumbers}. */
    FittedModel withWholeNumbers(boolean wholeNumbers) {
        this.wholeNumbers = wholeNumbers;
        return this;
    }

    FittedModel withTotals(TotalBound totals) {
        this.totals = totals;
        return this;
    }

    /** Learns from the next hour's value (NaN: missing). */
    public void update(double y) {
        live.update(nextHour, y);
        nextHour++;
    }

    /** The upper bound for the next hour alone; cheap enough for every hour. */
    double nextUpper() {
        return forecast(1, false).upper[0];
    }

    /** The forecast of the next hour alone; cheap enough for every hour (no event hours marked: nothing totals it). */
    Forecast nextHour() {
        return forecast(1, false);
    }

    public Forecast forecast() {
        return forecast(HORIZON, true);
    }

    /** @param markEvents whether to say which hours an event falls in, for bounding the forecast's day totals */
    private Forecast forecast(int horizon, boolean markEvents) {
        double[] z = new double[horizon];
        live.forecast(nextHour, z, horizon);
        for (int h = 0; h < horizon && !drift.isNone(); h++) {
            z[h] += drift.at(nextHour + h, h);
        }
        double[] point = new double[horizon];
        double[] upper = new double[horizon];
        for (int h = 0; h < horizon; h++) {
            point[h] = Math.max(0, transform.inverse(z[h]));
            double calibrated = transform.inverse(z[h] + bound.offset(h + 1, nextHour + h));
            double youngFloor = Math.max(youngFloorFactor * point[h], youngFloorLevel);
            if (wholeNumbers) {
                calibrated = wholeBound(calibrated);
                youngFloor = Math.ceil(youngFloor);
            }
            upper[h] = Math.max(point[h], Math.max(calibrated, youngFloor));
        }
        return new Forecast(nextHour, point, upper, name, note, totals, markEvents ? eventHours(horizon) : null);
    }

    /**
     * A count's quantile is a whole number, and the bound's pinball loss between two whole numbers is a straight line:
     * the best bound is one of them. The conformal bound is a quantile of errors pooled over hours and scaled by
     * clock hour, the count smoothed over the reals; taken to the nearest whole number (the continuity correction) it
     * is the count's own. A bound of 0.8 at an hour a departure nearly always comes is gone over nearly every day. On
     * the development parts PL97.5@168 fell on every count check whose bounds were not whole already (flights 10.22 →
     * 9.91, cards 15.34 → 15.14, cards with events 9.38 → 9.16); cutting anywhere from 0.4 to 0.6 did as well, and
     * always rounding up did worse (flights 11.37).
     */
    static double wholeBound(double upper) {
        return Math.ceil(upper - 0.5);
    }

    /** Which of the next hours an event this model knows of falls in; null when none does. */
    private boolean[] eventHours(int horizon) {
        return ExternalEvent.hoursDuring(live.events(), nextHour, horizon);
    }

    public String name() {
        return name;
    }

    /** A model worth keeping for a day between refits: one chosen on validation, not a fallback. */
    public boolean isFullModel() {
        return kind == Kind.SMOOTHER || kind == Kind.REGRESSION || kind == Kind.LEVEL || kind == Kind.SEASONAL_MEDIAN;
    }

    Kind kind() {
        return kind;
    }

    String note() {
        return note;
    }

    Transform transform() {
        return transform;
    }

    ConformalBound bound() {
        return bound;
    }

    LiveModel live() {
        return live;
    }

    long nextHourToLearn() {
        return nextHour;
    }

    double youngFloorFactor() {
        return youngFloorFactor;
    }

    double youngFloorLevel() {
        return youngFloorLevel;
    }

    ProfileDrift drift() {
        return drift;
    }

    TotalBound totals() {
        return totals;
    }

    boolean wholeNumbers() {
        return wholeNumbers;
    }
}
