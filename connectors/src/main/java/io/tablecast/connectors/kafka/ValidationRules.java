package io.tablecast.connectors.kafka;

import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;

/**
 * The limits a transaction must meet to be accepted.
 *
 * <p>A record's fate must not change when it is read again after a restart: its table write is not rolled back, so
 * a record accepted once and rejected on replay would sit both in its table and in the dead-letter topic. The time
 * rules therefore measure a record's {@code ts} against the time Kafka stamped on it (the record timestamp, part of
 * the record and the same on every read), not against the watermark or the wall clock at the moment of reading:
 * <ul>
 *   <li>{@code ts} at most {@link #maxAheadOfArrival()} after its Kafka timestamp (a far-future timestamp would
 *       create tables for years ahead);</li>
 *   <li>{@code ts} at most {@link #retention()} before its Kafka timestamp (its table would be past retention).</li>
 * </ul>
 * The one rule that reads the wall clock is that {@code ts} may not be more than {@link #maxAheadOfArrival()} ahead
 * of it either, which guards against a producer that stamps its records with a broken clock. It is safe on replay:
 * the wall clock only moves forward, so a record it accepted is accepted again on any later read; a record it
 * rejected may be accepted later, and its earlier dead letter was in an uncommitted Kafka transaction that the
 * restart aborted (with {@code kafka.dlq-delivery: at-least-once} that dead letter may remain).
 */
public final class ValidationRules implements Serializable {
    private static final long serialVersionUID = 2L;

    public static final int MAX_TXN_ID_LENGTH = 128;
    public static final int MAX_USER_ID_LENGTH = 128;
    public static final int MAX_TEXT_LENGTH = 256;
    /** Digits before the decimal point of an amount: beyond 10^18 no currency has a sensible transaction. */
    public static final int MAX_AMOUNT_INTEGER_DIGITS = 18;
    /** Digits after the decimal point of an amount. */
    public static final int MAX_AMOUNT_SCALE = 18;
    /** A numeric string or a timestamp string longer than this is refused before anything tries to parse it. */
    public static final int MAX_SCALAR_TEXT_LENGTH = 64;
    /** Deepest nesting of objects and arrays; a transaction is flat, unknown fields may nest a little. */
    public static final int MAX_NESTING_DEPTH = 32;

    private final Duration maxAheadOfArrival;
    private final Duration retention;
    private final int maxRecordBytes;
    private final Clock clock;

    public ValidationRules(Duration maxAheadOfArrival, Duration retention, int maxRecordBytes, Clock clock) {
        if (maxAheadOfArrival.isNegative()) throw new IllegalArgumentException("maxAheadOfArrival < 0");
        if (retention.isNegative() || retention.isZero()) throw new IllegalArgumentException("retention <= 0");
        if (maxRecordBytes < 1) throw new IllegalArgumentException("maxRecordBytes < 1");
        this.maxAheadOfArrival = maxAheadOfArrival;
        this.retention = retention;
        this.maxRecordBytes = maxRecordBytes;
        this.clock = clock;
    }

    public Duration maxAheadOfArrival() {
        return maxAheadOfArrival;
    }

    public Duration retention() {
        return retention;
    }

    /** A record larger than this is dead-lettered unread. */
    public int maxRecordBytes() {
        return maxRecordBytes;
    }

    public Clock clock() {
        return clock;
    }
}
