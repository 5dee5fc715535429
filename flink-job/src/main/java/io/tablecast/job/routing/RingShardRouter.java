package io.tablecast.job.routing;

import io.tablecast.connectors.model.ShardKeys;
import io.tablecast.connectors.model.HotUser;
import io.tablecast.connectors.model.SegmentSplit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Places the key (user, routing interval) on a segment's {@link HashRing}: a user's records of one interval stay
 * together, its intervals spread over the segment's shards, so a heavy user's window is shared out instead of
 * landing on one shard. A user the window's plan names hot has each interval spread further, over its buckets by
 * transaction id (key (user, interval, bucket)), so that no key is a large share of a shard however busy the user.
 * The ring is balanced by arc length (bounded loads for keys spread evenly), so it depends on the shard count only;
 * a split in the plan ({@link SegmentSplit}) changes it from its switch-over time on, moving only the hot shard's keys
 * (about half of them) to the new shard.
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
    /** Each segment's splits, in the order decided. */
    private final Map<String, List<SegmentSplit>> splits;
    /** By segment, shard count and number of splits in force: the ring records of that time are placed on. */
    private transient ConcurrentMap<String, HashRing> rings;

    RingShardRouter(long routingIntervalMillis, int virtualNodes, HotUser[] hotUsers, SegmentSplit[] splits) {
        this.routingIntervalMillis = routingIntervalMillis;
        this.virtualNodes = virtualNodes;
        this.hotBuckets = new HashMap<>();
        for (HotUser h : hotUsers == null ? new HotUser[0] : hotUsers) {
            hotBuckets.put(hotKey(h.segmentId, h.userId), h.buckets);
        }
        this.splits = new HashMap<>();
        for (SegmentSplit s : splits == null ? new SegmentSplit[0] : splits) {
            this.splits.computeIfAbsent(s.segmentId, k -> new ArrayList<>()).add(s);
        }
    }

    @Override
    public int shardOf(String segmentId, String userId, String txnId, long tsMillis, int shardCount) {
        if (rings == null) {
            rings = new ConcurrentHashMap<>();
        }
        List<SegmentSplit> ofSegment = splits.getOrDefault(segmentId, List.of());
        int inForce = 0;
        while (inForce < ofSegment.size() && ofSegment.get(inForce).switchAtMillis <= tsMillis) {
            inForce++;
        }
        int base = shardCount - ofSegment.size();
        int applied = inForce;
        HashRing ring = rings.computeIfAbsent(segmentId + '\u0000' + shardCount + '\u0000' + applied,
                k -> ringAfter(base, virtualNodes, ofSegment.subList(0, applied)));
        long interval = Math.floorDiv(tsMillis, routingIntervalMillis);
        int buckets = hotBuckets.isEmpty() ? 1 : hotBuckets.getOrDefault(hotKey(segmentId, userId), 1);
        return ring.shardOf(ShardKeys.keyHash(userId, interval, ShardKeys.bucketOf(txnId, buckets)));
    }

    /** The window's first ring for the segment, then each split in force: only split shards' keys ever move. */
    public static HashRing ringAfter(int baseShards, int virtualNodes, List<SegmentSplit> inForce) {
        HashRing ring = HashRing.of(baseShards, virtualNodes).balancedByArcLength(BALANCE_SLACK);
        for (SegmentSplit s : inForce) {
            if (s.newShard != ring.shardCount()) {
                throw new IllegalStateException("split " + s + " does not follow a ring of " + ring.shardCount()
                        + " shards");
            }
            ring = ring.split(s.hotShard);
        }
        return ring;
    }

    private static String hotKey(String segmentId, String userId) {
        return segmentId + '\u0000' + userId;
    }
}
