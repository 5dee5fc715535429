package io.tablecast.job.routing;

import org.apache.commons.codec.digest.MurmurHash3;

import java.nio.charset.StandardCharsets;

/**
 * Shard = MurmurHash3 x86_32 of the user id's UTF-8 bytes, floorMod the shard count: stable across JVMs and
 * restarts. A different count moves most users, and a heavy user's whole window lands on one shard: windows planned
 * by versions before the hash ring ({@link RingShardRouter}) keep it, so their records land where they always did.
 */
public final class StableHashShardRouter implements ShardRouter {
    private static final long serialVersionUID = 2L;

    @Override
    public int shardOf(String segmentId, String userId, String txnId, long tsMillis, int shardCount) {
        if (shardCount < 1) {
            throw new IllegalArgumentException("shard count must be at least 1");
        }
        return Math.floorMod(MurmurHash3.hash32x86(userId.getBytes(StandardCharsets.UTF_8)), shardCount);
    }
}
