package io.tablecast.forecasting.model;

import io.tablecast.forecasting.ExternalEvent;

import java.util.List;

/**
 * Additive effects (in the model's working space; multiplicative after log1p) of external events. An event with an
 * announced multiplier brings it as its prior; where several fall on the same hour their multipliers multiply (a
 * segment's own ×2.5 promotion on a ×2 Black Friday is ×5, not the average of the two). On top of the priors, one
 * learnt correction per event kind and phase (the 24 hours before, the event itself, the 24 hours after): the mean of
 * what the hours in that phase did beyond their priors, shrunk towards none by a ridge of {@value #RIDGE_HOURS}
 * hours, so one odd holiday does not set the effect of the next. During an event its neighbours' windows do not apply.
 *
 * <p>A holiday announced without a multiplier is first taken to look like the segment's quietest day of the week (a
 * Thursday holiday gets, hour by hour, the shape and volume of a typical Sunday if Sunday is the quietest), the
 * rule load forecasters apply to public holidays; the holiday correction then learns what holidays did beyond that.
 * Without the prior a segment's first holiday, which in eight weeks of history is most holidays, was forecast as an
 * ordinary day: on the generated card check Christmas Day came in at a third of its forecast.
 */
public final class EventEffects {
    public static final int WINDOW_HOURS = 24;
    static final double RIDGE_HOURS = 24;
    private static final int PHASES = 3;
    private static final int BEFORE = 0;
    private static final int DURING = 1;
    private static final int AFTER = 2;
    private static final int WEEK = 168;

    private final List<ExternalEvent> events;
    /** The learnt corrections: effect[kind * 3 + phase]. */
    private final double[] effect;
    /** What turns a multiplier into a shift of the working space (see {@link #priorShift}). */
    private final Transform transform;
    private final double typicalMean;
    private final double typicalMeanSquare;
    /**
     * By hour of the week (absolute hour mod 168): the quietest day's typical value at the same clock hour minus
     * this hour's, in the working space; empty where the history has not seen every hour of the week.
     */
    private final double[] quietDayShift;
    /**
     * Restored from a snapshot older than per-event priors: {@link #effect} holds each kind's prior and correction
     * together, one slot an hour (the event first listed wins), until the next refit.
     */
    private final boolean priorsFolded;

    private EventEffects(List<ExternalEvent> events, double[] effect, Transform transform, double typicalMean,
                         double typicalMeanSquare, double[] quietDayShift, boolean priorsFolded) {
        this.events = events;
        this.effect = effect;
        this.transform = transform;
        this.typicalMean = typicalMean;
        this.typicalMeanSquare = typicalMeanSquare;
        this.quietDayShift = quietDayShift;
        this.priorsFolded = priorsFolded;
    }

    public static EventEffects none() {
        return windowsOf(List.of());
    }

    /** The events' windows with no effect yet: enough to ask which hours they touch. */
    public static EventEffects windowsOf(List<ExternalEvent> events) {
        return new EventEffects(List.copyOf(events), new double[ExternalEvent.Kind.values().length * PHASES],
                Transform.IDENTITY, 0, 0, new double[0], true);
    }

    /**
     * Estimates the corrections from one-step residuals of a model that did not learn from event hours.
     *
     * @param residual residual[i] = working value − forecast at absolute hour firstHour + i (NaN: unknown)
     * @param working  the series in the working space (NaN: unknown): an announced multiplier becomes a shift there,
     *                 which after a square root (or none) depends on the series' typical values
     */
    public static EventEffects estimate(List<ExternalEvent> events, double[] residual, long firstHour,
                                        Transform transform, double[] working) {
        double[] profile = weeklyProfile(working, firstHour);
        int seen = 0;
        for (double z : profile) {
            seen += Double.isNaN(z) ? 0 : 1;
        }
        double mean = 0;
        double meanSquare = 0;
        for (double z : profile) {
            if (!Double.isNaN(z)) {
                mean += z / seen;
                meanSquare += z * z / seen;
            }
        }
        double[] quietDayShift = seen == WEEK ? quietDayShift(profile) : new double[0];
        int slots = ExternalEvent.Kind.values().length * PHASES;
        EventEffects priorsOnly = new EventEffects(List.copyOf(events), new double[slots], transform, mean,
                meanSquare, quietDayShift, false);
        double[] sum = new double[slots];
        double[] count = new double[slots];
        for (int i = 0; i < residual.length; i++) {
            long touched = priorsOnly.correctionSlots(firstHour + i);
            if (Double.isNaN(residual[i]) || touched == 0) {
                continue;
            }
            // An hour two kinds share is split between them: their corrections add up there.
            int n = Long.bitCount(touched);
            double beyond = (residual[i] - priorsOnly.priorAt(firstHour + i)) / n;
            for (long bits = touched; bits != 0; bits &= bits - 1) {
                int s = Long.numberOfTrailingZeros(bits);
                sum[s] += beyond;
                count[s] += 1.0 / n;
            }
        }
        double[] effect = new double[slots];
        for (int s = 0; s < slots; s++) {
            effect[s] = sum[s] / (count[s] + RIDGE_HOURS);
        }
        return new EventEffects(List.copyOf(events), effect, transform, mean, meanSquare, quietDayShift, false);
    }

    /**
     * The mean of the working values at each hour of the week (absolute hour mod 168; NaN where none was seen): the
     * typical week a forecast is made of, without the hour-to-hour noise that would inflate its mean square (a sparse
     * count's hours are 0 or 1 in any space; its forecasts are not).
     */
    private static double[] weeklyProfile(double[] working, long firstHour) {
        double[] sum = new double[WEEK];
        int[] count = new int[WEEK];
        for (int i = 0; i < working.length; i++) {
            if (!Double.isNaN(working[i])) {
                int slot = (int) Math.floorMod(firstHour + i, (long) WEEK);
                sum[slot] += working[i];
                count[slot]++;
            }
        }
        double[] profile = new double[WEEK];
        for (int slot = 0; slot < WEEK; slot++) {
            profile[slot] = count[slot] == 0 ? Double.NaN : sum[slot] / count[slot];
        }
        return profile;
    }

    /** See {@link #quietDayShift}: from a typical week with every hour seen. */
    private static double[] quietDayShift(double[] profile) {
        int quietest = 0;
        double lowest = Double.POSITIVE_INFINITY;
        for (int day = 0; day < 7; day++) {
            double sum = 0;
            for (int h = 0; h < 24; h++) {
                sum += profile[day * 24 + h];
            }
            if (sum < lowest) {
                lowest = sum;
                quietest = day;
            }
        }
        double[] shift = new double[WEEK];
        for (int slot = 0; slot < WEEK; slot++) {
            shift[slot] = profile[quietest * 24 + slot % 24] - profile[slot];
        }
        return shift;
    }

    /**
     * A multiplier of volume as a shift in the working space: the shift that multiplies the total of the series'
     * typical hours by it. After a square root a shift cannot scale every hour alike; one that scales the mean
     * hour (mean × (√m − 1)) falls short on a day whose hours differ — a card segment's day of quiet night and busy
     * noon doubled by a promotion came out 1.7×, and its table sized for that. Solving
     * E[(z + s)²] = m·E[z²] for s keeps the day's total.
     *
     * @param mean       the mean of the series' typical hours in the working space
     * @param meanSquare the mean of their squares
     */
    static double priorShift(Transform transform, double multiplier, double mean, double meanSquare) {
        double z = Double.isFinite(mean) ? Math.max(0, mean) : 0;
        double z2 = Double.isFinite(meanSquare) ? Math.max(z * z, meanSquare) : z * z;
        switch (transform) {
            case LOG1P:
                return Math.log(multiplier);
            case SQRT:
                return -z + Math.sqrt(Math.max(0, z * z + (multiplier - 1) * z2));
            default:
                return z * (multiplier - 1);
        }
    }

    /** The effect at an absolute hour; 0 outside every event window. */
    public double at(long hour) {
        if (priorsFolded) {
            int slot = slotAt(events, hour);
            return slot < 0 ? 0 : effect[slot];
        }
        double shift = priorAt(hour);
        for (long bits = correctionSlots(hour); bits != 0; bits &= bits - 1) {
            shift += effect[Long.numberOfTrailingZeros(bits)];
        }
        return shift;
    }

    /**
     * The shift of the announced multipliers of the events the hour falls in, multiplied together, and the quiet
     * day's shape if a holiday without one falls on it; 0 if none.
     */
    private double priorAt(long hour) {
        double multiplier = 1;
        boolean quietDay = false;
        for (ExternalEvent e : events) {
            if (phaseAt(e, hour) == DURING) {
                if (e.expectedEffect != null) {
                    multiplier *= e.expectedEffect;
                } else {
                    quietDay |= e.kind == ExternalEvent.Kind.HOLIDAY;
                }
            }
        }
        double shift = multiplier == 1 ? 0 : priorShift(transform, multiplier, typicalMean, typicalMeanSquare);
        if (quietDay && quietDayShift.length == WEEK) {
            shift += quietDayShift[(int) Math.floorMod(hour, (long) WEEK)];
        }
        return shift;
    }

    /**
     * The kind-and-phase corrections that apply at an hour, as bits (bit kind × 3 + phase): during an event, the
     * DURING slots of the events it falls in; otherwise the windows of the events that reach it.
     */
    private long correctionSlots(long hour) {
        boolean during = false;
        for (ExternalEvent e : events) {
            during |= phaseAt(e, hour) == DURING;
        }
        long slots = 0;
        for (ExternalEvent e : events) {
            int phase = phaseAt(e, hour);
            if (phase == DURING || (!during && phase >= 0)) {
                slots |= 1L << (e.kind.ordinal() * PHASES + phase);
            }
        }
        return slots;
    }

    /** BEFORE, DURING or AFTER an event at an hour; -1 when its windows do not reach it. */
    private static int phaseAt(ExternalEvent e, long hour) {
        if (hour >= e.startHour && hour < e.endHour) {
            return DURING;
        }
        if (hour >= e.startHour - WINDOW_HOURS && hour < e.startHour) {
            return BEFORE;
        }
        if (hour >= e.endHour && hour < e.endHour + WINDOW_HOURS) {
            return AFTER;
        }
        return -1;
    }

    /** True when the hour falls inside an event or its before/after window. */
    public boolean touches(long hour) {
        return slotAt(events, hour) >= 0;
    }

    /** The learnt corrections, effect[kind * 3 + phase] (with the priors folded in for an old snapshot's). */
    public double[] effects() {
        return effect.clone();
    }

    public List<ExternalEvent> events() {
        return events;
    }

    /** Whether these are an old snapshot's effects, priors and corrections in one slot (see {@link #at}). */
    public boolean priorsFolded() {
        return priorsFolded;
    }

    /** The typical week's mean and mean square in the working space, on which announced multipliers are sized. */
    public double[] typicalWeek() {
        return new double[] {typicalMean, typicalMeanSquare};
    }

    /** See {@link #quietDayShift}: empty, or one value per hour of the week. */
    public double[] quietDayShift() {
        return quietDayShift.clone();
    }

    /** Effects as {@link #estimate} made them, restored (an empty quietDayShift: holidays get no quiet-day prior). */
    public static EventEffects of(List<ExternalEvent> events, double[] effect, Transform transform,
                                  double typicalMean, double typicalMeanSquare, double[] quietDayShift) {
        if (quietDayShift.length != 0 && quietDayShift.length != WEEK) {
            throw new IllegalArgumentException("a quiet-day shift has 0 or 168 values, not " + quietDayShift.length);
        }
        return new EventEffects(List.copyOf(events), effect.clone(), transform, typicalMean, typicalMeanSquare,
                quietDayShift.clone(), false);
    }

    /** Effects of a snapshot from before per-event priors: priors and corrections in one slot per kind and phase. */
    public static EventEffects withPriorsFolded(List<ExternalEvent> events, double[] effect) {
        return new EventEffects(List.copyOf(events), effect.clone(), Transform.IDENTITY, 0, 0, new double[0], true);
    }

    /** Index of the kind-and-phase effect that applies at an hour, or -1: a regression's column for it. */
    public int slotAt(long hour) {
        return slotAt(events, hour);
    }

    /** The event itself wins over a neighbour's window; among events, the first listed. */
    private static int slotAt(List<ExternalEvent> events, long hour) {
        int window = -1;
        for (ExternalEvent e : events) {
            int phase = phaseAt(e, hour);
            if (phase == DURING) {
                return e.kind.ordinal() * PHASES + DURING;
            }
            if (window < 0 && phase >= 0) {
                window = e.kind.ordinal() * PHASES + phase;
            }
        }
        return window;
    }
}
