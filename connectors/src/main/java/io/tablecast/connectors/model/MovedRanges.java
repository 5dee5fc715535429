package io.tablecast.connectors.model;

import java.util.Arrays;

/**
 * The parts of a hash ring a split hands to the new shard: ranges (start, end] of 64-bit key hashes, each within one
 * arc of the hot shard, a range may wrap past the top of the ring. A Flink POJO: it travels in the table manager's
 * command to move the rows of those keys.
 */
public class MovedRanges {
    /** Exclusive starts and inclusive ends, pairwise. */
    public long[] starts = new long[0];
    public long[] ends = new long[0];

    public MovedRanges() {}

    public MovedRanges(long[] starts, long[] ends) {
        if (starts.length != ends.length) {
            throw new IllegalArgumentException("a start for every end: " + starts.length + " vs " + ends.length);
        }
        this.starts = starts.clone();
        this.ends = ends.clone();
    }

    /** Whether a key with this hash moves. */
    public boolean contains(long keyHash) {
        return indexOf(keyHash) >= 0;
    }

    /** The range a key with this hash is in, or -1 when it does not move. */
    public int indexOf(long keyHash) {
        for (int i = 0; i < starts.length; i++) {
            // Unsigned distance from the start, so that a range across the top of the ring needs no special case.
            long length = ends[i] - starts[i];
            long offset = keyHash - starts[i];
            if (offset != 0 && Long.compareUnsigned(offset, length) <= 0) {
                return i;
            }
        }
        return -1;
    }

    public int size() {
        return starts.length;
    }

    @Override
    public String toString() {
        return "MovedRanges" + Arrays.toString(starts) + Arrays.toString(ends);
    }
}
