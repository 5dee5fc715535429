package io.tablecast.job.routing;

import io.tablecast.connectors.model.HotUser;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Places the key (user, routing interval) on a segment's {@link HashRing}: a user's records of one interval stay
 * together, its intervals spread over the segment's shards, so a heavy user's window is shared out instead of
 * landing on one shard. A user the window's plan names hot has each interval spread further, over its buckets by
 * transaction id (key (user, interval, bucket)), so that no key is a large share of a shard however busy the user.
 * The ring is balanced by arc length (bounded loads for keys spread evenly), so it depends on the shard count only.
 * Figures: {@code scripts/simulate}, docs/benchmarks.md.
 */
public final class RingShardRouter implements ShardRouter {
    private static final long serialVersionUID = 2L;
    /** Each shard's share of the hash space at most 2 % above the mean; random positions alone leave ±25 %. */
    static final double BALANCE_SLACK = 0.02;

    private final long routingIntervalMillis;
    private final int virtualNodes;
    /** Buckets by segment and user ({@link #hotKey}). */
    private final Map<String, Integer> hotBuckets;
    private transient ConcurrentMap<Integer, HashRing> rings;

    RingShardRouter(long routingIntervalMillis, int virtualNodes, HotUser[] hotUsers) {
        this.routingIntervalMillis = routingIntervalMillis;
        this.virtualNodes = virtualNodes;
        this.hotBuckets = new HashMap<>();
        for (HotUser h : hotUsers == null ? new HotUser[0] : hotUsers) {
            hotBuckets.put(hotKey(h.segmentId, h.userId), h.buckets);
        }
    }

    @Override
    public int shardOf(String segmentId, String userId, String txnId, long tsMillis, int shardCount) {
        if (rings == null) {
            rings = new ConcurrentHashMap<>();
        }
        HashRing ring = rings.computeIfAbsent(shardCount,
                n -> HashRing.of(n, virtualNodes).balancedByArcLength(BALANCE_SLACK));
        long interval = Math.floorDiv(tsMillis, routingIntervalMillis);
        int buckets = hotBuckets.isEmpty() ? 1 : hotBuckets.getOrDefault(hotKey(segmentId, userId), 1);
        return ring.shardOf(HashRing.keyHash(userId, interval, HashRing.bucketOf(txnId, buckets)));
    }

    private static String hotKey(String segmentId, String userId) {
        return segmentId + '\u0000' + userId;
    }
}
