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
     * @param typicalLevel the series' typical value in the working space: an expected multiplier becomes a shift
     *                     there, which after a square root (or none) depends on the level
     */
    public static EventEffects estimate(List<ExternalEvent> events, double[] residual, long firstHour,
                                        Transform transform, double typicalLevel) {
        int slots = ExternalEvent.Kind.values().length * PHASES;
        double[] sum = new double[slots];
        double[] count = new double[slots];
        double[] prior = new double[slots];
        double[] priorWeight = new double[slots];
        for (ExternalEvent e : events) {
            if (e.expectedEffect != null) {
                int slot = e.kind.ordinal() * PHASES + 1;
                prior[slot] += priorShift(transform, e.expectedEffect, typicalLevel);
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

    /** A multiplier of volume as a shift in the working space, at the typical level. */
    static double priorShift(Transform transform, double multiplier, double typicalLevel) {
        double level = Double.isFinite(typicalLevel) ? Math.max(0, typicalLevel) : 0;
        switch (transform) {
            case LOG1P:
                return Math.log(multiplier);
            case SQRT:
                return level * (Math.sqrt(multiplier) - 1);
            default:
                return level * (multiplier - 1);
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
