package io.tablecast.forecasting;

import io.tablecast.forecasting.model.ConformalBound;
import io.tablecast.forecasting.model.DoubleSeasonalSmoother;
import io.tablecast.forecasting.model.EventEffects;
import io.tablecast.forecasting.model.RegressionModel;
import io.tablecast.forecasting.model.SeasonalTrendModel;
import io.tablecast.forecasting.model.TotalBound;
import io.tablecast.forecasting.model.Transform;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A model chosen and fitted by {@link HourlyForecaster}, live: {@link #update} learns from each new hour in O(1),
 * {@link #forecast} gives the next 168 hours from where it stands. Serializable to a few kilobytes.
 */
public final class FittedModel {
    enum Kind { SMOOTHER, SEASONAL_NAIVE, FLAT, REGRESSION, LEVEL }

    private static final int HORIZON = HourlyForecaster.HORIZON;
    private static final int DAY = 24;

    private final Kind kind;
    private final String name;
    private final String note;
    private final Transform transform;
    private final ConformalBound bound;
    /**
     * SMOOTHER: the day-ahead-fitted and the one-step-fitted smoother, and the STL model averaged in (null where
     * the history was too short for one).
     */
    private final DoubleSeasonalSmoother day;
    private final DoubleSeasonalSmoother week;
    private final EventEffects effects;
    private final double dayWeight;
    private SeasonalTrendModel seasonalTrend;
    private double seasonalTrendWeight;
    /** REGRESSION: the design (features, changepoints, event windows) and its coefficients, fixed until a refit. */
    private RegressionModel regression;
    private double[] beta;
    /**
     * SEASONAL_NAIVE: the last period's values, a ring starting at {@link #recentStart}; FLAT: {mean, upper}; LEVEL:
     * {level}.
     */
    private final double[] recent;
    private int recentStart;
    private long nextHour;
    /**
     * A floor under the upper bound while it is calibrated on too few origins to trust (a young segment): at least
     * {@code factor} times the point forecast and never below {@code level}, the highest hour seen. Zero otherwise.
     */
    private double youngFloorFactor;
    private double youngFloorLevel;
    /** Bounds for day totals, calibrated at the fit; null where too few origins were seen to calibrate them. */
    private TotalBound totals;

    private FittedModel(Kind kind, String name, String note, Transform transform, ConformalBound bound,
                        DoubleSeasonalSmoother day, DoubleSeasonalSmoother week, double dayWeight,
                        EventEffects effects, double[] recent, long nextHour) {
        this.kind = kind;
        this.name = name;
        this.note = note;
        this.transform = transform;
        this.bound = bound;
        this.day = day;
        this.week = week;
        this.effects = effects;
        this.dayWeight = dayWeight;
        this.recent = recent;
        this.nextHour = nextHour;
    }

    static FittedModel smoother(String name, String note, Transform transform, ConformalBound bound,
                                DoubleSeasonalSmoother day, DoubleSeasonalSmoother week, double dayWeight,
                                EventEffects effects, SeasonalTrendModel seasonalTrend, double seasonalTrendWeight) {
        FittedModel m = new FittedModel(Kind.SMOOTHER, name, note, transform, bound, day, week, dayWeight, effects,
                new double[0], week.nextHour());
        m.seasonalTrend = seasonalTrend;
        m.seasonalTrendWeight = seasonalTrend == null ? 0 : seasonalTrendWeight;
        return m;
    }

    /** @param lastPeriod the last {@code period} values, oldest first, missing ones already filled */
    static FittedModel seasonalNaive(String name, String note, ConformalBound bound, double[] lastPeriod,
                                     long nextHour) {
        return new FittedModel(Kind.SEASONAL_NAIVE, name, note, Transform.IDENTITY, bound, null, null, 0,
                EventEffects.none(), lastPeriod.clone(), nextHour);
    }

    static FittedModel regression(String name, String note, Transform transform, ConformalBound bound,
                                  RegressionModel regression, double[] beta, long nextHour) {
        FittedModel m = new FittedModel(Kind.REGRESSION, name, note, transform, bound, null, null, 0,
                EventEffects.none(), new double[0], nextHour);
        m.regression = regression;
        m.beta = beta.clone();
        return m;
    }

    static FittedModel flat(String note, double mean, double upper, long nextHour) {
        return new FittedModel(Kind.FLAT, "flat-mean", note, Transform.IDENTITY, ConformalBound.of(new double[] {0}),
                null, null, 0, EventEffects.none(), new double[] {mean, upper}, nextHour);
    }

    /** A constant level with a conformal bound: the series' pattern, if any, does not beat its median. */
    static FittedModel level(String name, String note, ConformalBound bound, double level, long nextHour) {
        return new FittedModel(Kind.LEVEL, name, note, Transform.IDENTITY, bound, null, null, 0, EventEffects.none(),
                new double[] {level}, nextHour);
    }

    /** See {@link #youngFloorFactor}: applied to every forecast from now on. */
    FittedModel withYoungFloor(double factor, double level) {
        youngFloorFactor = factor;
        youngFloorLevel = level;
        return this;
    }

    FittedModel withTotals(TotalBound totals) {
        this.totals = totals;
        return this;
    }

    /** Learns from the next hour's value (NaN: missing). */
    public void update(double y) {
        switch (kind) {
            case SMOOTHER:
                double z = Double.isNaN(y) ? Double.NaN : transform.forward(y) - effects.at(nextHour);
                day.update(z);
                week.update(z);
                if (seasonalTrend != null) {
                    seasonalTrend.update(z);
                }
                break;
            case SEASONAL_NAIVE:
                if (!Double.isNaN(y)) {
                    recent[recentStart] = y;
                }
                recentStart = (recentStart + 1) % recent.length;
                break;
            default:
                break;
        }
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
        double[] point = new double[horizon];
        double[] upper = new double[horizon];
        if (kind == Kind.FLAT) {
            Arrays.fill(point, recent[0]);
            Arrays.fill(upper, recent[1]);
            return new Forecast(nextHour, point, upper, name, note, null, null);
        }
        double[] z = new double[horizon];
        if (kind == Kind.REGRESSION) {
            regression.forecast(beta, nextHour, z);
        } else if (kind == Kind.SMOOTHER) {
            z = stitch(day, week, dayWeight, horizon);
            if (seasonalTrend != null) {
                double[] other = new double[horizon];
                seasonalTrend.forecast(other, horizon);
                for (int h = 0; h < horizon; h++) {
                    z[h] += seasonalTrendWeight * (other[h] - z[h]);
                }
            }
            for (int h = 0; h < horizon; h++) {
                z[h] += effects.at(nextHour + h);
            }
        } else if (kind == Kind.LEVEL) {
            Arrays.fill(z, recent[0]);
        } else {
            for (int h = 0; h < horizon; h++) {
                z[h] = recent[(recentStart + h) % recent.length];
            }
        }
        for (int h = 0; h < horizon; h++) {
            point[h] = Math.max(0, transform.inverse(z[h]));
            upper[h] = Math.max(point[h], transform.inverse(z[h] + bound.offset(h + 1)));
            upper[h] = Math.max(upper[h], Math.max(youngFloorFactor * point[h], youngFloorLevel));
        }
        return new Forecast(nextHour, point, upper, name, note, totals, markEvents ? eventHours(horizon) : null);
    }

    /** Which of the next hours an event this model knows of falls in; null when none does. */
    private boolean[] eventHours(int horizon) {
        List<ExternalEvent> events = kind == Kind.SMOOTHER ? effects.events()
                : kind == Kind.REGRESSION ? regression.events().events() : List.of();
        boolean[] flags = null;
        for (ExternalEvent e : events) {
            for (long t = Math.max(nextHour, e.startHour); t < Math.min(nextHour + horizon, e.endHour); t++) {
                if (flags == null) {
                    flags = new boolean[horizon];
                }
                flags[(int) (t - nextHour)] = true;
            }
        }
        return flags;
    }

    /**
     * In working space: hours 1–24 a blend, {@code dayWeight} of the day-ahead smoother and the rest of the one-step
     * smoother; later hours from the one-step smoother alone.
     */
    private static double[] stitch(DoubleSeasonalSmoother day, DoubleSeasonalSmoother week, double dayWeight, int horizon) {
        double[] f = new double[horizon];
        week.forecast(f, horizon);
        double[] d = new double[horizon];
        day.forecast(d, Math.min(DAY, horizon));
        return blend(d, f, dayWeight);
    }

    /** The one-step path with its first day blended towards the day-ahead path; a new array. */
    static double[] blend(double[] dayPath, double[] weekPath, double dayWeight) {
        double[] f = weekPath.clone();
        for (int h = 0; h < Math.min(DAY, f.length); h++) {
            f[h] = dayWeight * dayPath[h] + (1 - dayWeight) * weekPath[h];
        }
        return f;
    }

    public String name() {
        return name;
    }

    /** A model worth keeping for a day between refits: one chosen on validation, not a fallback. */
    public boolean isFullModel() {
        return kind == Kind.SMOOTHER || kind == Kind.REGRESSION || kind == Kind.LEVEL;
    }

    void write(DataOutputStream out) throws IOException {
        out.writeByte(kind.ordinal());
        out.writeUTF(name);
        out.writeUTF(note == null ? "" : note);
        out.writeByte(transform.ordinal());
        writeDoubles(out, bound.offsets());
        out.writeLong(nextHour);
        if (kind == Kind.SMOOTHER) {
            writeDoubles(out, day.parameters());
            writeDoubles(out, day.state());
            writeDoubles(out, week.parameters());
            writeDoubles(out, week.state());
            out.writeDouble(dayWeight);
            writeEffects(out, effects);
            out.writeDouble(seasonalTrendWeight);
            writeDoubles(out, seasonalTrend == null ? new double[0] : seasonalTrend.state());
        } else if (kind == Kind.REGRESSION) {
            out.writeLong(regression.firstHour());
            out.writeInt(regression.historyHours());
            writeEffects(out, regression.events());
            writeDoubles(out, beta);
        } else {
            out.writeInt(recentStart);
            writeDoubles(out, recent);
        }
        out.writeDouble(youngFloorFactor);
        out.writeDouble(youngFloorLevel);
        writeDoubles(out, totals == null ? new double[0] : totals.offsets());
        writeDoubles(out, totals == null ? new double[0] : totals.eventOffsets());
        writeDoubles(out, totals == null ? new double[0] : totals.centres());
    }

    /**
     * Reads what {@link #write} wrote, in the layout of the given snapshot version: version 3 had no young floor,
     * version 4 no bounds for day totals, version 5 none apart for event days (its bound, calibrated on all days,
     * serves both) and no bias of the point on totals, version 6 no per-event priors (its event effects, priors
     * folded in, serve until the next refit).
     */
    static FittedModel read(DataInputStream in, int version) throws IOException {
        FittedModel m = readModel(in, version);
        if (version >= 4) {
            m.withYoungFloor(in.readDouble(), in.readDouble());
        }
        if (version >= 5) {
            double[] offsets = readDoubles(in);
            double[] eventOffsets = version >= 6 ? readDoubles(in) : null;
            double[] centres = version >= 6 ? readDoubles(in) : null;
            m.withTotals(offsets.length == 0 ? null : TotalBound.of(offsets, eventOffsets, centres));
        }
        return m;
    }

    private static FittedModel readModel(DataInputStream in, int version) throws IOException {
        Kind kind = Kind.values()[in.readByte()];
        String name = in.readUTF();
        String note = in.readUTF();
        Transform transform = Transform.values()[in.readByte()];
        ConformalBound bound = ConformalBound.of(readDoubles(in));
        long nextHour = in.readLong();
        if (kind == Kind.SMOOTHER) {
            DoubleSeasonalSmoother day = DoubleSeasonalSmoother.restore(readDoubles(in), readDoubles(in));
            DoubleSeasonalSmoother week = DoubleSeasonalSmoother.restore(readDoubles(in), readDoubles(in));
            double dayWeight = in.readDouble();
            EventEffects effects = readEffects(in, version, transform);
            double seasonalTrendWeight = in.readDouble();
            double[] seasonalTrend = readDoubles(in);
            return smoother(name, note.isEmpty() ? null : note, transform, bound, day, week, dayWeight, effects,
                    seasonalTrend.length == 0 ? null : SeasonalTrendModel.restore(seasonalTrend),
                    seasonalTrendWeight);
        }
        if (kind == Kind.REGRESSION) {
            long first = in.readLong();
            int hours = in.readInt();
            EventEffects windows = EventEffects.windowsOf(readEffects(in, version, transform).events());
            return regression(name, note.isEmpty() ? null : note, transform, bound,
                    new RegressionModel(first, hours, windows), readDoubles(in), nextHour);
        }
        int start = in.readInt();
        FittedModel m = new FittedModel(kind, name, note.isEmpty() ? null : note, transform, bound, null, null, 0,
                EventEffects.none(), readDoubles(in), nextHour);
        m.recentStart = start;
        return m;
    }

    private static void writeEffects(DataOutputStream out, EventEffects effects) throws IOException {
        writeDoubles(out, effects.effects());
        out.writeShort(effects.events().size());
        for (ExternalEvent e : effects.events()) {
            out.writeUTF(e.name);
            out.writeByte(e.kind.ordinal());
            out.writeLong(e.startHour);
            out.writeLong(e.endHour);
            out.writeDouble(e.expectedEffect == null ? Double.NaN : e.expectedEffect);
        }
        out.writeBoolean(effects.priorsFolded());
        writeDoubles(out, effects.typicalWeek());
    }

    private static EventEffects readEffects(DataInputStream in, int version, Transform transform) throws IOException {
        double[] effect = readDoubles(in);
        int n = in.readUnsignedShort();
        List<ExternalEvent> events = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String name = in.readUTF();
            ExternalEvent.Kind kind = ExternalEvent.Kind.values()[in.readByte()];
            long start = in.readLong();
            long end = in.readLong();
            double expected = in.readDouble();
            events.add(new ExternalEvent(name, kind, start, end, null, Double.isNaN(expected) ? null : expected));
        }
        boolean folded = version < 7 || in.readBoolean();
        double[] typicalWeek = version < 7 ? null : readDoubles(in);
        return folded ? EventEffects.withPriorsFolded(events, effect)
                : EventEffects.of(events, effect, transform, typicalWeek[0], typicalWeek[1]);
    }

    private static void writeDoubles(DataOutputStream out, double[] values) throws IOException {
        out.writeShort(values.length);
        for (double v : values) {
            out.writeDouble(v);
        }
    }

    private static double[] readDoubles(DataInputStream in) throws IOException {
        double[] values = new double[in.readUnsignedShort()];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readDouble();
        }
        return values;
    }
}
