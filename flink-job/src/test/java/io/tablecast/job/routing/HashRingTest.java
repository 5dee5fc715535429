package io.tablecast.job.routing;

import io.tablecast.connectors.model.ShardKeys;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class HashRingTest {
    /**
     * Pinned: a changed hash or virtual-node scheme would move every user of every segment to another shard, so
     * reads of existing windows would look in the wrong tables.
     */
    @Test
    void hashesAndPlacementArePinned() {
        assertThat(ShardKeys.keyHash("user-1", 42)).isEqualTo(GOLDEN_KEY_HASH);
        assertThat(HashRing.virtualNodePosition(0, 0)).isEqualTo(GOLDEN_VNODE_POSITION);
        HashRing ring = HashRing.of(4, 8);
        int[] shards = new int[8];
        for (int u = 0; u < shards.length; u++) {
            shards[u] = ring.shardOf(ShardKeys.keyHash("user-" + u, 7));
        }
        assertThat(shards).containsExactly(GOLDEN_SHARDS);
    }

    /**
     * Pinned as above (computed outside Java, with a Python MurmurHash3 x64_128 at seed 0): a changed bucket scheme
     * would send a hot user's records of a planned window to other shards than its earlier records.
     */
    @Test
    void hotUserBucketsArePinned() {
        assertThat(ShardKeys.keyHash("user-1", 42, 3)).isEqualTo(8910336057502311071L);
        assertThat(ShardKeys.keyHash("user-1", 42, 0)).as("bucket 0 is the plain key").isEqualTo(GOLDEN_KEY_HASH);
        assertThat(ShardKeys.bucketOf("txn-1", 16)).isEqualTo(2);
        assertThat(ShardKeys.bucketOf("t-42", 16)).isEqualTo(6);  // hash negative: floorMod
        assertThat(ShardKeys.bucketOf("\u00fc-txn", 16)).isEqualTo(12);
        assertThat(ShardKeys.bucketOf("txn-1", 1)).isZero();
    }

    private static final long GOLDEN_KEY_HASH = 4148179800992681554L;
    private static final long GOLDEN_VNODE_POSITION = -7247404171240897879L;
    private static final int[] GOLDEN_SHARDS = {0, 0, 1, 2, 3, 0, 1, 0};

    /** The ranges a split reports moved are exactly the keys the split ring gives the new shard. */
    @Property(tries = 200)
    void theMovedRangesAreExactlyTheKeysTheNewShardTakes(@ForAll @IntRange(min = 1, max = 12) int shards,
                                                        @ForAll @IntRange(min = 1, max = 32) int vnodes,
                                                        @ForAll @LongRange(min = 0, max = 1000) long seed) {
        HashRing ring = HashRing.of(shards, vnodes).balancedByArcLength(0.02);
        int hot = (int) (seed % shards);
        HashRing split = ring.split(hot);
        var moved = ring.movedBySplit(hot);
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < 2000; i++) {
            long key = random.nextLong();
            assertThat(moved.contains(key)).as("key %d", key).isEqualTo(split.shardOf(key) == shards);
        }
    }

    @Property(tries = 200)
    void aSplitMovesOnlyTheHotShardsKeysAndOnlyToTheNewShard(@ForAll @IntRange(min = 1, max = 24) int shards,
                                                            @ForAll @IntRange(min = 1, max = 64) int vnodes,
                                                            @ForAll @IntRange(min = 0, max = 23) int hot,
                                                            @ForAll @Size(100) List<@LongRange(min = Long.MIN_VALUE) Long> keys) {
        HashRing ring = HashRing.of(shards, vnodes);
        int hotShard = hot % shards;
        HashRing split = ring.split(hotShard);
        assertThat(split.shardCount()).isEqualTo(shards + 1);
        for (long key : keys) {
            int before = ring.shardOf(key);
            int after = split.shardOf(key);
            if (after != before) {
                assertThat(before).isEqualTo(hotShard);
                assertThat(after).isEqualTo(shards);
            }
        }
    }

    @Test
    void aSplitMovesAboutHalfOfTheHotShardsKeys() {
        HashRing ring = HashRing.of(8, 64);
        SplittableRandom random = new SplittableRandom(1);
        HashRing split = ring.split(3);
        int hot = 0;
        int moved = 0;
        for (int i = 0; i < 400_000; i++) {
            long key = random.nextLong();
            if (ring.shardOf(key) == 3) {
                hot++;
                moved += split.shardOf(key) == 8 ? 1 : 0;
            }
        }
        assertThat((double) moved / hot).isBetween(0.47, 0.53);
    }

    @Test
    void aLoneShardSplitsInHalf() {
        HashRing split = HashRing.of(1, 1).split(0);
        SplittableRandom random = new SplittableRandom(2);
        int moved = 0;
        for (int i = 0; i < 100_000; i++) {
            moved += split.shardOf(random.nextLong()) == 1 ? 1 : 0;
        }
        assertThat(moved / 100_000.0).isBetween(0.48, 0.52);
    }

    @Property(tries = 200)
    void boundedLoadsKeepEveryShardUnderTheCapOrOneArcAboveTheMean(
            @ForAll @IntRange(min = 2, max = 32) int shards, @ForAll @IntRange(min = 1, max = 64) int vnodes,
            @ForAll @IntRange(min = 0, max = 3) int splits, @ForAll long seed) {
        HashRing ring = HashRing.of(shards, vnodes);
        for (int i = 0; i < splits; i++) {
            ring = ring.split(i % shards);
        }
        // Heavy-tailed arc loads: a few hot arcs, some heavier than the room a shard has left.
        SplittableRandom random = new SplittableRandom(seed);
        long[] loads = new long[ring.arcCount()];
        for (int i = 0; i < loads.length; i++) {
            loads[i] = (long) (1000 / Math.pow(1 - random.nextDouble(), 0.7));
        }
        double epsilon = 0.25;
        long total = Arrays.stream(loads).sum();
        double mean = (double) total / ring.shardCount();
        long maxArc = Arrays.stream(loads).max().orElse(0);
        HashRing bounded = ring.withBoundedLoads(loads, epsilon);
        long[] shardLoads = bounded.shardLoads(loads);
        assertThat(Arrays.stream(shardLoads).sum()).isEqualTo(total);
        assertThat(Arrays.stream(shardLoads).max().orElse(0))
                .isLessThanOrEqualTo((long) Math.max((1 + epsilon) * mean, mean + maxArc));
    }

    @Test
    void boundedLoadsBalanceWhatPlainHashingLeavesUneven() {
        HashRing ring = HashRing.of(16, 16);
        long[] loads = new long[ring.arcCount()];
        SplittableRandom random = new SplittableRandom(3);
        for (int i = 0; i < 2_000_000; i++) {
            loads[ring.arcOf(random.nextLong())]++;
        }
        double plain = maxOverMean(ring.shardLoads(loads));
        double bounded = maxOverMean(ring.withBoundedLoads(loads, 0.1).shardLoads(loads));
        assertThat(plain).isGreaterThan(1.25);  // 16 virtual nodes per shard: arcs of very different lengths
        assertThat(bounded).isLessThanOrEqualTo(1.1);
    }

    @Test
    void balancingByArcLengthEvensOutUniformKeysWithoutMeasuringThem() {
        HashRing ring = HashRing.of(16, 16);
        HashRing balanced = ring.balancedByArcLength(0.02);
        long[] loads = new long[ring.arcCount()];
        SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 2_000_000; i++) {
            loads[ring.arcOf(random.nextLong())]++;
        }
        assertThat(maxOverMean(ring.shardLoads(loads))).isGreaterThan(1.25);
        assertThat(maxOverMean(balanced.shardLoads(loads))).isLessThan(1.05);
        assertThat(HashRing.of(1, 1).balancedByArcLength(0.02).shardOf(42L)).isZero();
    }

    @Test
    void aRingTravelsInTheJobGraphAndPlacesKeysTheSameAfterwards() throws Exception {
        HashRing ring = HashRing.of(5, 32).split(2);
        HashRing copy = InstantiationUtil.clone(ring);
        SplittableRandom random = new SplittableRandom(4);
        for (int i = 0; i < 1000; i++) {
            long key = random.nextLong();
            assertThat(copy.shardOf(key)).isEqualTo(ring.shardOf(key));
        }
    }

    private static double maxOverMean(long[] loads) {
        return Arrays.stream(loads).max().orElse(0) / (Arrays.stream(loads).sum() / (double) loads.length);
    }
}
