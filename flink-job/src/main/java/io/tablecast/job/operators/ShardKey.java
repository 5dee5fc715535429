package io.tablecast.job.operators;

import io.tablecast.connectors.model.RoutedTransaction;
import org.apache.flink.api.java.functions.KeySelector;

import java.util.Objects;

/**
 * The composite shard key (user id, segment id, interval id). A POJO with value equality, so Flink hashes it the
 * same way in every JVM.
 */
public class ShardKey {
    public String userId;
    public String segmentId;
    public long intervalId;

    public ShardKey() {}

    public ShardKey(String userId, String segmentId, long intervalId) {
        this.userId = userId;
        this.segmentId = segmentId;
        this.intervalId = intervalId;
    }

    /** Selects the shard key of a routed transaction. */
    public static final class Selector implements KeySelector<RoutedTransaction, ShardKey> {
        private static final long serialVersionUID = 1L;

        @Override
        public ShardKey getKey(RoutedTransaction r) {
            return new ShardKey(r.txn.userId, r.segmentId, r.intervalId);
        }
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) return true;
        if (!(o instanceof ShardKey)) return false;
        ShardKey k = (ShardKey) o;
        return intervalId == k.intervalId && userId.equals(k.userId) && segmentId.equals(k.segmentId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(userId, segmentId, intervalId);
    }

    @Override
    public String toString() {
        return "(" + userId + ", " + segmentId + ", " + intervalId + ")";
    }
}
