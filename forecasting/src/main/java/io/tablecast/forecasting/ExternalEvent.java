package io.tablecast.forecasting;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Something outside the series that moves it: a public holiday, a promotion, a news event. Hours are absolute
 * (hours since the epoch, in the same clock as the series). An event with no segments applies to every segment.
 */
public final class ExternalEvent {
    /** Events of one kind share the correction learnt of what they did beyond their expected effects. */
    public enum Kind { HOLIDAY, PROMOTION, NEWS, OTHER }

    public final String name;
    public final Kind kind;
    public final long startHour;
    /** Exclusive. */
    public final long endHour;
    public final Set<String> segments;
    /** Expected multiplier of volume (2.0: double), or null when unknown; the event's prior. */
    public final Double expectedEffect;

    public ExternalEvent(String name, Kind kind, long startHour, long endHour, Set<String> segments,
                         Double expectedEffect) {
        if (endHour <= startHour) {
            throw new IllegalArgumentException("event '" + name + "' ends before it starts");
        }
        if (expectedEffect != null && !(expectedEffect > 0)) {
            throw new IllegalArgumentException("event '" + name + "': expected effect must be a positive multiplier");
        }
        this.name = Objects.requireNonNull(name, "name");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.startHour = startHour;
        this.endHour = endHour;
        this.segments = segments == null ? Set.of() : Set.copyOf(segments);
        this.expectedEffect = expectedEffect;
    }

    public boolean appliesTo(String segment) {
        return segments.isEmpty() || segments.contains(segment);
    }

    /** Whether any of the events touches the hours [from, to). */
    static boolean anyDuring(List<ExternalEvent> events, long from, long to) {
        for (ExternalEvent e : events) {
            if (e.startHour < to && e.endHour > from) {
                return true;
            }
        }
        return false;
    }

    /** Which of the hours [from, from + hours) any of the events falls in; null when none does. */
    static boolean[] hoursDuring(List<ExternalEvent> events, long from, int hours) {
        boolean[] flags = null;
        for (ExternalEvent e : events) {
            for (long t = Math.max(from, e.startHour); t < Math.min(from + hours, e.endHour); t++) {
                if (flags == null) {
                    flags = new boolean[hours];
                }
                flags[(int) (t - from)] = true;
            }
        }
        return flags;
    }

    /** The history with the hours of the events as unknown (NaN): the history itself when none falls in it. */
    static double[] maskedHours(double[] history, long firstHour, List<ExternalEvent> events) {
        boolean[] during = hoursDuring(events, firstHour, history.length);
        if (during == null) {
            return history;
        }
        double[] masked = history.clone();
        for (int i = 0; i < during.length; i++) {
            if (during[i]) {
                masked[i] = Double.NaN;
            }
        }
        return masked;
    }

    @Override
    public String toString() {
        return kind + " " + name + " [" + startHour + ", " + endHour + ")";
    }
}
