package io.tablecast.job.routing;

import java.io.Serializable;

/**
 * Places a user's records among the shards of a segment. The same (segment, user) must always land on the same
 * shard for a given router version, or replays would write a second copy elsewhere.
 */
public interface ShardRouter extends Serializable {
    int shardCount(String segmentId);

    int shardOf(String segmentId, String userId);
}
