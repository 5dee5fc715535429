package io.tablecast.forecasting.model;

import io.tablecast.forecasting.ExternalEvent;

import java.util.List;

/**
 * Additive effects (in the model's working space; multiplicative after log1p) of external events, one per event kind
 * and phase: the 24 hours before, the event itself, the 24 hours after. Each effect is the mean residual of the
 * hours in that phase, shrunk towards its prior (the events' expected effect, else none) by a ridge of
 * {@value #RIDGE_HOURS} hours, so one odd holiday does not set the effect of the next.
 */
public final class EventEffects {
    public static final int WINDOW_HOURS = 24;
    static final double RIDGE_HOURS = 24;
    private static final int PHASES = 3;
    private static final int WEEK = 168;

    private final List<ExternalEvent> events;
    /** effect[kind * 3 + phase] */
    private final double[] effect;

    private EventEffects(List<ExternalEvent> events, double[] effect) {
        this.events = events;
        this.effect = effect;
    }

    public static EventEffects none() {
        return new EventEffects(List.of(), new double[ExternalEvent.Kind.values().length * PHASES]);
    }

    /** The events' windows with no effect yet: enough to ask which hours they touch. */
    public static EventEffects windowsOf(List<ExternalEvent> events) {
        return new EventEffects(List.copyOf(events), none().effect);
    }

    /**
     * Estimates the effects from one-step residuals of a model that did not learn from event hours.
     *
     * @param residual residual[i] = working value − forecast at absolute hour firstHour + i (NaN: unknown)
     * @param working  the series in the working space (NaN: unknown): an expected multiplier becomes a shift there,
     *                 which after a square root (or none) depends on the series' typical values
     */
    public static EventEffects estimate(List<ExternalEvent> events, double[] residual, long firstHour,
                                        Transform transform, double[] working) {
        int slots = ExternalEvent.Kind.values().length * PHASES;
        double[] sum = new double[slots];
        double[] count = new double[slots];
        double[] prior = new double[slots];
        double[] priorWeight = new double[slots];
        double[] profile = weeklyProfile(working, firstHour);
        double mean = 0;
        double meanSquare = 0;
        for (double z : profile) {
            mean += z / profile.length;
            meanSquare += z * z / profile.length;
        }
        for (ExternalEvent e : events) {
            if (e.expectedEffect != null) {
                int slot = e.kind.ordinal() * PHASES + 1;
                prior[slot] += priorShift(transform, e.expectedEffect, mean, meanSquare);
                priorWeight[slot]++;
            }
        }
        for (int i = 0; i < residual.length; i++) {
            if (Double.isNaN(residual[i])) {
                continue;
            }
            int slot = slotAt(events, firstHour + i);
            if (slot >= 0) {
                sum[slot] += residual[i];
                count[slot]++;
            }
        }
        double[] effect = new double[slots];
        for (int s = 0; s < slots; s++) {
            double p = priorWeight[s] == 0 ? 0 : prior[s] / priorWeight[s];
            effect[s] = (sum[s] + RIDGE_HOURS * p) / (count[s] + RIDGE_HOURS);
        }
        return new EventEffects(List.copyOf(events), effect);
    }

    /**
     * The mean of the working values at each hour of the week: the typical week a forecast is made of, without the
     * hour-to-hour noise that would inflate its mean square (a sparse count's hours are 0 or 1 in any space; its
     * forecasts are not).
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
        int seen = 0;
        for (int c : count) {
            seen += c > 0 ? 1 : 0;
        }
        double[] profile = new double[seen];
        for (int slot = 0, k = 0; slot < WEEK; slot++) {
            if (count[slot] > 0) {
                profile[k++] = sum[slot] / count[slot];
            }
        }
        return profile;
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
        int slot = slotAt(events, hour);
        return slot < 0 ? 0 : effect[slot];
    }

    /** True when the hour falls inside an event or its before/after window. */
    public boolean touches(long hour) {
        return slotAt(events, hour) >= 0;
    }

    public double[] effects() {
        return effect.clone();
    }

    public List<ExternalEvent> events() {
        return events;
    }

    public static EventEffects of(List<ExternalEvent> events, double[] effect) {
        return new EventEffects(List.copyOf(events), effect.clone());
    }

    /** Index of the kind-and-phase effect that applies at an hour, or -1: a regression's column for it. */
    public int slotAt(long hour) {
        return slotAt(events, hour);
    }

    /** The event itself wins over a neighbour's window; among events, the first listed. */
    private static int slotAt(List<ExternalEvent> events, long hour) {
        int window = -1;
        for (ExternalEvent e : events) {
            if (hour >= e.startHour && hour < e.endHour) {
                return e.kind.ordinal() * PHASES + 1;
            }
            if (window < 0 && hour >= e.startHour - WINDOW_HOURS && hour < e.startHour) {
                window = e.kind.ordinal() * PHASES;
            } else if (window < 0 && hour >= e.endHour && hour < e.endHour + WINDOW_HOURS) {
                window = e.kind.ordinal() * PHASES + 2;
            }
        }
        return window;
    }
}
