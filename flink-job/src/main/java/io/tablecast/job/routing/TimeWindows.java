package io.tablecast.job.routing;

import java.io.Serializable;
import java.time.Duration;

/** UTC-aligned time windows of a fixed length; a window's id counts window lengths from the epoch. */
public final class TimeWindows implements Serializable {
    private static final long serialVersionUID = 1L;

    private final long lengthMillis;

    public TimeWindows(Duration length) {
        this.lengthMillis = length.toMillis();
        if (lengthMillis <= 0) {
            throw new IllegalArgumentException("window length must be positive");
        }
    }

    public long intervalId(long tsMillis) {
        return Math.floorDiv(tsMillis, lengthMillis);
    }

    public long startMillis(long intervalId) {
        return intervalId * lengthMillis;
    }

    public long endMillis(long intervalId) {
        return startMillis(intervalId) + lengthMillis;
    }

    public long lengthMillis() {
        return lengthMillis;
    }
}
