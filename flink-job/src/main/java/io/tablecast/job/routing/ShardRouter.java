package io.tablecast.job.routing;

import java.io.Serializable;

/**
 * Places a record among the tables a window's plan gives its segment. The same inputs must always give the same
 * shard, or a record read again after a restart would be written a second time elsewhere; which router a window uses
 * is fixed by its plan ({@link ShardPlacement}).
 */
public interface ShardRouter extends Serializable {
    /** A shard in [0, shardCount) for this record (its segment, user, transaction id and event time). */
    int shardOf(String segmentId, String userId, String txnId, long tsMillis, int shardCount);
}
