package io.tablecast.connectors.model;

import org.apache.commons.codec.digest.MurmurHash3;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Where a record's key lands on a segment's hash ring: the one hash the job routes by and the table manager moves rows
 * by after a split. Pinned (flink-job's HashRingTest): a changed hash would send records of a planned window to other
 * shards than its earlier records.
 */
public final class ShardKeys {
    private ShardKeys() {}

    /** MurmurHash3 x64 (first half) of the user id's UTF-8 bytes and the routing interval. */
    public static long keyHash(String userId, long intervalId) {
        byte[] user = userId.getBytes(StandardCharsets.UTF_8);
        byte[] key = ByteBuffer.allocate(user.length + Long.BYTES).put(user).putLong(intervalId).array();
        return MurmurHash3.hash128x64(key)[0];
    }

    /**
     * A hot user's key is spread over buckets (a record's bucket comes from its transaction id), so that one user's
     * interval is never a large share of a shard. Bucket 0 is the plain key: a user who turns hot keeps a share of
     * its records where they were.
     */
    public static long keyHash(String userId, long intervalId, int bucket) {
        if (bucket == 0) {
            return keyHash(userId, intervalId);
        }
        byte[] user = userId.getBytes(StandardCharsets.UTF_8);
        byte[] key = ByteBuffer.allocate(user.length + Long.BYTES + Integer.BYTES).put(user).putLong(intervalId)
                .putInt(bucket).array();
        return MurmurHash3.hash128x64(key)[0];
    }

    /**
     * Which of a hot user's buckets a record goes to: MurmurHash3 x64 (first half) of its transaction id's UTF-8 bytes,
     * floorMod the bucket count. From the id, not the arrival order, so a record read again lands where it did.
     */
    public static int bucketOf(String txnId, int buckets) {
        if (buckets <= 1) {
            return 0;
        }
        return (int) Math.floorMod(MurmurHash3.hash128x64(txnId.getBytes(StandardCharsets.UTF_8))[0], (long) buckets);
    }
}
