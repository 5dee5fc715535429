package io.tablecast.connectors.model;

/**
 * A split of one of a segment's shards within a window: from {@link #switchAtMillis} on (event time), the keys of the
 * hot shard that the split gives to the new shard (about half) are written to the new shard's table; records before
 * it stay where the window's plan put them. Decided ahead of the switch, like a plan, so a record read again lands
 * where it landed before. A Flink POJO.
 */
public class SegmentSplit {
    public String segmentId;
    public int hotShard;
    /** The new shard's number: the segment's shard count before the split. */
    public int newShard;
    public long switchAtMillis;

    public SegmentSplit() {}

    public SegmentSplit(String segmentId, int hotShard, int newShard, long switchAtMillis) {
        this.segmentId = segmentId;
        this.hotShard = hotShard;
        this.newShard = newShard;
        this.switchAtMillis = switchAtMillis;
    }

    @Override
    public String toString() {
        return segmentId + ": shard " + hotShard + " -> " + newShard + " at " + switchAtMillis;
    }
}
