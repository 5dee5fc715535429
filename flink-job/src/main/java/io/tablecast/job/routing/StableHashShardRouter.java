package io.tablecast.job.routing;

import org.apache.commons.codec.digest.MurmurHash3;

import java.nio.charset.StandardCharsets;

/**
 * Shard = MurmurHash3(user id) mod a fixed shard count: stable across JVMs and restarts. Changing the count moves
 * most users, which is why consistent hashing with split support replaces it.
 */
public final class StableHashShardRouter implements ShardRouter {
    private static final long serialVersionUID = 1L;

    private final int shards;

    public StableHashShardRouter(int shards) {
        if (shards < 1) {
            throw new IllegalArgumentException("shard count must be at least 1");
        }
        this.shards = shards;
    }

    @Override
    public int shardCount(String segmentId) {
        return shards;
    }

    @Override
    public int shardOf(String segmentId, String userId) {
        return hashShard(userId, shards);
    }

    /** MurmurHash3 x86_32 of the user id's UTF-8 bytes, floorMod the shard count. */
    public static int hashShard(String userId, int shards) {
        return Math.floorMod(MurmurHash3.hash32x86(userId.getBytes(StandardCharsets.UTF_8)), shards);
    }
}
