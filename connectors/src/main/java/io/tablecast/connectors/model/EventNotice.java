package io.tablecast.connectors.model;

/**
 * An external event as read from the {@code external-events} topic: a holiday, a promotion or a news event that moves
 * volume, over [start, end), for the segments it names (none: every segment). Or, when {@link #rejectReason} is
 * set, a record that could not be read as one, with its origin and raw bytes for the dead-letter topic. A Flink POJO.
 *
 * <p>{@link #announcedAtMillis} is when the event became known: the forecaster uses it only in refits at or after
 * that event time, so a replay of history does not see announcements from its future.
 */
public class EventNotice {
    public static final String HOLIDAY = "holiday";
    public static final String PROMOTION = "promotion";
    public static final String NEWS = "news";

    /** The producer's id: a later notice with the same id replaces the earlier one. */
    public String id;
    public String name;
    /** {@link #HOLIDAY}, {@link #PROMOTION} or {@link #NEWS}. */
    public String kind;
    public long startMillis;
    /** Exclusive. */
    public long endMillis;
    /** The segments it applies to; empty: all. */
    public String[] segments;
    /** The expected multiplier of volume (2.0: double), or null when unknown. */
    public Double expectedEffect;
    public long announcedAtMillis;

    public String rejectReason;
    public String topic;
    public int partition;
    public long offset;
    public byte[] raw;

    public EventNotice() {}

    public boolean isAccepted() {
        return rejectReason == null;
    }

    public DeadLetter toDeadLetter() {
        return new DeadLetter(rejectReason, topic, partition, offset, raw);
    }

    @Override
    public String toString() {
        return isAccepted() ? kind + " " + id + " [" + startMillis + ", " + endMillis + ")"
                : "EventNotice{rejected: " + rejectReason + "}";
    }
}
