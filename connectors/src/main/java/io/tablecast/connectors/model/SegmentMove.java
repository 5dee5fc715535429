package io.tablecast.connectors.model;

/**
 * A user's segment from a day on: its first segment (no previous one) or a move. Recorded in the keyspace's
 * {@code segment_moves} before records of that day are written under it, so reads know where a user's rows are. A
 * Flink POJO.
 */
public class SegmentMove {
    public String userId;
    /** The start of the first day in the new segment, epoch milliseconds UTC. */
    public long fromMillis;
    public String segmentId;
    /** The segment before, or null for a user's first. */
    public String previousSegmentId;

    public SegmentMove() {}

    public SegmentMove(String userId, long fromMillis, String segmentId, String previousSegmentId) {
        this.userId = userId;
        this.fromMillis = fromMillis;
        this.segmentId = segmentId;
        this.previousSegmentId = previousSegmentId;
    }

    @Override
    public String toString() {
        return userId + ": " + previousSegmentId + " -> " + segmentId + " from " + fromMillis;
    }
}
