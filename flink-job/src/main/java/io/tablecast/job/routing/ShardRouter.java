package io.tablecast.job.routing;

import java.io.Serializable;

/**
 * Places a user's records among the tables a window's plan gives a segment. The same (segment, user, shard count)
 * must always give the same shard, or a record read again after a restart would be written a second time elsewhere.
 * The consistent-hashing work (issue #9) plugs in here.
 */
public interface ShardRouter extends Serializable {
    /** A shard in [0, shardCount). */
    int shardOf(String segmentId, String userId, int shardCount);
}
