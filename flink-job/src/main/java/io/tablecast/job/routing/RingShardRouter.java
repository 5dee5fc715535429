package io.tablecast.job.routing;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Places the key (user, routing interval) on a segment's {@link HashRing}: a user's records of one interval stay
 * together, its intervals spread over the segment's shards, so a heavy user's window is shared out instead of
 * landing on one shard. The ring is balanced by arc length (bounded loads for keys spread evenly), so it depends on
 * the shard count only ({@code scripts/simulate}, 10 M users under Zipf(1.1): worst segment 1.26 × the mean shard
 * load, against 1.35 unbalanced and 11 for the user hash modulo the shard count). Hot users, measured loads and
 * splits are the next steps of #9.
 */
public final class RingShardRouter implements ShardRouter {
    private static final long serialVersionUID = 1L;
    /** Each shard's share of the hash space at most 2 % above the mean; random positions alone leave ±25 %. */
    static final double BALANCE_SLACK = 0.02;

    private final long routingIntervalMillis;
    private final int virtualNodes;
    private transient ConcurrentMap<Integer, HashRing> rings;

    public RingShardRouter(long routingIntervalMillis, int virtualNodes) {
        if (routingIntervalMillis < 1 || virtualNodes < 1) {
            throw new IllegalArgumentException("routing interval and virtual nodes must be positive");
        }
        this.routingIntervalMillis = routingIntervalMillis;
        this.virtualNodes = virtualNodes;
    }

    @Override
    public int shardOf(String segmentId, String userId, long tsMillis, int shardCount) {
        if (rings == null) {
            rings = new ConcurrentHashMap<>();
        }
        HashRing ring = rings.computeIfAbsent(shardCount,
                n -> HashRing.of(n, virtualNodes).balancedByArcLength(BALANCE_SLACK));
        return ring.shardOf(HashRing.keyHash(userId, Math.floorDiv(tsMillis, routingIntervalMillis)));
    }
}
