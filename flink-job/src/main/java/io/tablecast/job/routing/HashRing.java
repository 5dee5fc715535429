package io.tablecast.job.routing;

import io.tablecast.connectors.model.MovedRanges;
import org.apache.commons.codec.digest.MurmurHash3;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A consistent-hash ring of one segment's shards. Each shard has virtual nodes at fixed 64-bit positions; a key (user,
 * interval) belongs to the arc that ends at the first position at or after its hash, and to the shard that owns that
 * arc. Immutable: a change (a split, a rebalance) makes a new ring, so a window keeps the ring it began with.
 *
 * <p>Two operations change ownership, each moving as few keys as it can:
 * <ul>
 *   <li>{@link #split(int)} gives a new shard the lower half of every arc of a hot shard: only the hot shard's keys
 *   move, about half of them, the least a split into two can move.</li>
 *   <li>{@link #withBoundedLoads(long[], double)} caps every shard at (1+ε) × the mean of measured arc loads
 *   (Mirrokni, Thorup, Zadimoghaddam: an arc that would overflow its shard goes to the next virtual node clockwise
 *   whose shard has room), so random arc lengths and uneven users do not leave one shard far above the others.</li>
 * </ul>
 */
public final class HashRing implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Virtual-node positions, ascending (signed order; the ring wraps from the last to the first). */
    private final long[] points;
    /** The shard whose virtual node each position is. */
    private final int[] homes;
    /** The shard that owns the arc ending at each position: its home, unless bounded loads passed it on. */
    private final int[] owners;
    private final int shardCount;

    private HashRing(long[] points, int[] homes, int[] owners, int shardCount) {
        this.points = points;
        this.homes = homes;
        this.owners = owners;
        this.shardCount = shardCount;
    }

    /** Shards 0..shards-1, each with the given number of virtual nodes at positions hashed from (shard, replica). */
    public static HashRing of(int shards, int virtualNodesPerShard) {
        if (shards < 1 || virtualNodesPerShard < 1) {
            throw new IllegalArgumentException("a ring needs at least one shard and one virtual node per shard");
        }
        int n = shards * virtualNodesPerShard;
        long[] points = new long[n];
        int[] homes = new int[n];
        for (int s = 0, k = 0; s < shards; s++) {
            for (int r = 0; r < virtualNodesPerShard; r++, k++) {
                points[k] = virtualNodePosition(s, r);
                homes[k] = s;
            }
        }
        return sorted(points, homes, homes.clone(), shards);
    }

    static long virtualNodePosition(int shard, int replica) {
        return MurmurHash3.hash128x64(("vnode/" + shard + "/" + replica).getBytes(StandardCharsets.UTF_8))[0];
    }

    public int shardOf(long keyHash) {
        return owners[arcOf(keyHash)];
    }

    /** The arc a key hash falls in: the index of the first position at or after it, wrapping to 0. */
    public int arcOf(long keyHash) {
        int i = Arrays.binarySearch(points, keyHash);
        if (i >= 0) {
            return i;
        }
        int insertion = -i - 1;
        return insertion == points.length ? 0 : insertion;
    }

    public int arcCount() {
        return points.length;
    }

    /** Shards are numbered 0..shardCount()-1; a split adds the next number. */
    public int shardCount() {
        return shardCount;
    }

    /**
     * A new shard (numbered {@link #shardCount()}) takes the lower half of each arc the hot shard owns: a virtual node
     * of the new shard at each arc's midpoint. Keys of every other shard stay where they are.
     */
    public HashRing split(int hotShard) {
        long[] middles = middlesOfArcs(hotShard);
        int newShard = shardCount;
        int n = points.length;
        long[] newPoints = new long[2 * n];
        int[] newHomes = new int[2 * n];
        int[] newOwners = new int[2 * n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (middles[i] != points[i]) {
                newPoints[k] = middles[i];
                newHomes[k] = newShard;
                newOwners[k++] = newShard;
            }
            newPoints[k] = points[i];
            newHomes[k] = homes[i];
            newOwners[k++] = owners[i];
        }
        return sorted(Arrays.copyOf(newPoints, k), Arrays.copyOf(newHomes, k), Arrays.copyOf(newOwners, k),
                shardCount + 1);
    }

    /** The key hashes {@link #split(int)} gives the new shard: the lower half of each arc the hot shard owns. */
    public MovedRanges movedBySplit(int hotShard) {
        long[] middles = middlesOfArcs(hotShard);
        int n = points.length;
        long[] starts = new long[n];
        long[] ends = new long[n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (middles[i] != points[i]) {
                starts[k] = points[(i - 1 + n) % n];
                ends[k++] = middles[i];
            }
        }
        return new MovedRanges(Arrays.copyOf(starts, k), Arrays.copyOf(ends, k));
    }

    /** Per arc, where a split of the hot shard puts the new node: mid-arc for the hot shard's arcs, else its end. */
    private long[] middlesOfArcs(int hotShard) {
        if (hotShard < 0 || hotShard >= shardCount) {
            throw new IllegalArgumentException("no shard " + hotShard + " on a ring of " + shardCount);
        }
        int n = points.length;
        long[] middles = points.clone();
        for (int i = 0; i < n; i++) {
            long from = points[(i - 1 + n) % n];
            long to = points[i];
            long length = to - from;  // unsigned distance around the ring, also across the wrap
            if (owners[i] == hotShard && (n == 1 || Long.compareUnsigned(length, 2) >= 0)) {
                // A lone node's arc is the whole ring (length 2^64, which a long reads as 0): halve it opposite.
                middles[i] = n == 1 ? to ^ Long.MIN_VALUE : from + (length >>> 1);
            }
        }
        return middles;
    }

    /**
     * Ownership that keeps every shard at most (1+ε) × the mean load, for the given load of each arc (as measured,
     * e.g. rows per arc in the last window). Arcs are taken in ring order; each goes to the first virtual node at or
     * after its own whose shard still has room. An arc heavier than any room left goes to the least loaded shard, so
     * no shard ends above max((1+ε) × mean, mean + the heaviest arc): an arc's load is not divided.
     */
    public HashRing withBoundedLoads(long[] arcLoads, double epsilon) {
        if (arcLoads.length != points.length) {
            throw new IllegalArgumentException("one load per arc: " + points.length + " arcs, " + arcLoads.length
                    + " loads");
        }
        if (!(epsilon >= 0)) {
            throw new IllegalArgumentException("epsilon must be at least 0: " + epsilon);
        }
        long total = 0;
        for (long load : arcLoads) {
            total += load;
        }
        double capacity = (1 + epsilon) * total / shardCount;
        long[] shardLoad = new long[shardCount];
        int n = points.length;
        int[] newOwners = new int[n];
        for (int i = 0; i < n; i++) {
            int chosen = -1;
            for (int step = 0; step < n && chosen < 0; step++) {
                int candidate = homes[(i + step) % n];
                if (shardLoad[candidate] + arcLoads[i] <= capacity) {
                    chosen = candidate;
                }
            }
            if (chosen < 0) {
                chosen = leastLoaded(shardLoad);
            }
            newOwners[i] = chosen;
            shardLoad[chosen] += arcLoads[i];
        }
        return new HashRing(points, homes, newOwners, shardCount);
    }

    private static int leastLoaded(long[] shardLoad) {
        int least = 0;
        for (int s = 1; s < shardLoad.length; s++) {
            if (shardLoad[s] < shardLoad[least]) {
                least = s;
            }
        }
        return least;
    }

    /**
     * Bounded loads for keys spread evenly over the hash space, i.e. each arc's load in proportion to its length:
     * corrects what random virtual-node positions leave uneven without measuring anything, and is the same on every
     * machine for the same shard count.
     */
    public HashRing balancedByArcLength(double epsilon) {
        return withBoundedLoads(arcLengths(), epsilon);
    }

    /** Each shard's share of the hash space: what it takes of keys spread evenly. */
    public double[] shares() {
        long[] loads = shardLoads(arcLengths());
        double[] shares = new double[shardCount];
        for (int s = 0; s < shardCount; s++) {
            shares[s] = loads[s] / (double) (1L << 48);
        }
        return shares;
    }

    /** Unsigned 64-bit arc lengths, scaled so that their sum (2^48) fits in a long; a lone node's arc is the whole ring. */
    private long[] arcLengths() {
        long[] lengths = new long[points.length];
        for (int i = 0; i < points.length; i++) {
            long length = points[i] - points[(i - 1 + points.length) % points.length];
            lengths[i] = points.length == 1 ? 1L << 48 : length >>> 16;
        }
        return lengths;
    }

    /** Each shard's load for the given load of each arc. */
    public long[] shardLoads(long[] arcLoads) {
        long[] loads = new long[shardCount];
        for (int i = 0; i < points.length; i++) {
            loads[owners[i]] += arcLoads[i];
        }
        return loads;
    }

    private static HashRing sorted(long[] points, int[] homes, int[] owners, int shardCount) {
        Integer[] order = new Integer[points.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Long.compare(points[a], points[b]));
        long[] p = new long[points.length];
        int[] h = new int[points.length];
        int[] o = new int[points.length];
        for (int i = 0; i < order.length; i++) {
            p[i] = points[order[i]];
            h[i] = homes[order[i]];
            o[i] = owners[order[i]];
        }
        return new HashRing(p, h, o, shardCount);
    }
}
