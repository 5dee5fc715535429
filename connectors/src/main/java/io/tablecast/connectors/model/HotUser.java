package io.tablecast.connectors.model;

/**
 * A user busy enough that one routing interval of its records would be a noticeable share of a shard: in the window
 * whose plan names it, its records are spread over {@link #buckets} keys by transaction id. A Flink POJO.
 */
public class HotUser {
    public String segmentId;
    public String userId;
    public int buckets;

    public HotUser() {}

    public HotUser(String segmentId, String userId, int buckets) {
        this.segmentId = segmentId;
        this.userId = userId;
        this.buckets = buckets;
    }

    @Override
    public String toString() {
        return segmentId + "/" + userId + "x" + buckets;
    }
}
