package io.tablecast.connectors.kafka;

import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;

/**
 * The limits a transaction must meet to be accepted. The wall-clock bounds keep a far-future timestamp from creating
 * tables for years ahead and a stale one from landing in a window that retention already dropped.
 */
public final class ValidationRules implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final int MAX_TXN_ID_LENGTH = 128;
    public static final int MAX_USER_ID_LENGTH = 128;
    public static final int MAX_TEXT_LENGTH = 256;

    private final Duration maxAheadOfWallClock;
    private final Duration retention;
    private final Clock clock;

    public ValidationRules(Duration maxAheadOfWallClock, Duration retention, Clock clock) {
        if (maxAheadOfWallClock.isNegative()) throw new IllegalArgumentException("maxAheadOfWallClock < 0");
        if (retention.isNegative() || retention.isZero()) throw new IllegalArgumentException("retention <= 0");
        this.maxAheadOfWallClock = maxAheadOfWallClock;
        this.retention = retention;
        this.clock = clock;
    }

    public Duration maxAheadOfWallClock() {
        return maxAheadOfWallClock;
    }

    public Duration retention() {
        return retention;
    }

    public Clock clock() {
        return clock;
    }
}
