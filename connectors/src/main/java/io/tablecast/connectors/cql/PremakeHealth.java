package io.tablecast.connectors.cql;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The operator's "is enough pre-created?" signal (pg_partman users asked for exactly this check): for every segment
 * that has a table for the current time, how far ahead of now its tables reach. A live segment whose tables end
 * within the next window is about to send records to the fallback table.
 */
public final class PremakeHealth {
    /** Stands for "segments the schedule did not foresee", whose tables are the windows' shared tables. */
    static final String SHARED = "(shared)";
    // Written by the table manager's DDL thread, read by the metrics reporter.
    private final Map<String, Long> createdUntilBySegment = new ConcurrentHashMap<>();

    /** Records that a table of this segment covering up to {@code windowEndMillis} exists. */
    public void created(String segmentId, long windowEndMillis) {
        createdUntilBySegment.merge(segmentId, windowEndMillis, Math::max);
    }

    /** Records a table for every segment it holds; a window's shared table counts for the segments nobody foresaw. */
    public void created(CatalogEntry table, long windowEndMillis) {
        if (table.segmentIds.isEmpty()) {
            created(SHARED, windowEndMillis);
        }
        for (String segment : table.segmentIds) {
            created(segment, windowEndMillis);
        }
    }

    /**
     * Hours from {@code nowMillis} to the end of the latest table of the live segment that reaches least far ahead;
     * -1 when no segment is live (nothing to judge). A segment is live when its tables reach past now.
     */
    public double minHoursAhead(long nowMillis) {
        long min = Long.MAX_VALUE;
        for (long until : createdUntilBySegment.values()) {
            if (until > nowMillis) {
                min = Math.min(min, until - nowMillis);
            }
        }
        return min == Long.MAX_VALUE ? -1 : min / 3_600_000.0;
    }

    /** Segments whose tables reach past now. */
    public int liveSegments(long nowMillis) {
        int n = 0;
        for (long until : createdUntilBySegment.values()) {
            if (until > nowMillis) {
                n++;
            }
        }
        return n;
    }
}
