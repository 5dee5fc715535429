package io.tablecast.job.schedule;

import io.tablecast.connectors.model.HotUser;
import io.tablecast.connectors.model.WindowPlan;
import io.tablecast.job.forecast.SegmentHourCount;

import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * When a user is hot, and over how many keys its records are spread. A key (user, routing interval) lands on one
 * shard; when it carries more than {@code share} of a shard's rows in the window, a few such keys decide how uneven
 * the shards are (10 M users under Zipf(1.1): the busiest user's one-minute keys alone put the worst shard at 1.26 ×
 * the mean). So a user whose busiest recent hour, per routing interval, would exceed that share gets as many buckets
 * as bring each key under it. One rule for the job's scheduler, the user counter's report floor and
 * {@code scripts/simulate}.
 */
public final class HotKeyRule implements Serializable {
    private static final long serialVersionUID = 1L;
    /** Bounds a plan's size and a key's spread: a user this hot is better given a segment of its own. */
    public static final int MAX_BUCKETS = 1024;
    /** Bounds the plan's size: a segment's busiest users are the ones whose keys weigh most. */
    static final int MAX_HOT_USERS_PER_SEGMENT = 64;
    /**
     * The smallest mean shard load a segment with shards of its own is expected to have, as a share of the rows a
     * table is sized for: a segment gets a second shard only when its upper bound passes one table, so each shard
     * takes at least half a table by the bound, and the point forecast is not under a quarter of the bound (the widest
     * seen, on sparse counts, is 4.1 ×). Below this nobody can be hot, so the counter does not report them.
     */
    private static final double SMALLEST_SHARD_SHARE = 0.125;

    private final double share;
    private final long routingIntervalMillis;
    private final long rowsPerTable;

    /** {@code share} 0 turns hot users off. */
    public HotKeyRule(double share, Duration routingInterval, long rowsPerTable) {
        if (share < 0 || share > 1) {
            throw new IllegalArgumentException("hot-key share must be in [0, 1]: " + share);
        }
        this.share = share;
        this.routingIntervalMillis = routingInterval.toMillis();
        this.rowsPerTable = rowsPerTable;
    }

    public boolean enabled() {
        return share > 0;
    }

    /**
     * The fewest records a user must have in an hour to be worth reporting to the scheduler: below it no bucket count
     * above 1 can come out of {@link #buckets}, whatever the segment.
     */
    public long reportFloorPerHour() {
        if (!enabled()) {
            return Long.MAX_VALUE;
        }
        double perInterval = share * rowsPerTable * SMALLEST_SHARD_SHARE;
        return Math.max(1, (long) Math.ceil(perInterval * SegmentHourCount.HOUR_MILLIS / routingIntervalMillis));
    }

    /**
     * Buckets for a user whose busiest recent hour had {@code peakRecordsPerHour}, in a segment whose shards expect
     * {@code meanShardRows} each in the window: 1 when the user is not hot.
     */
    public int buckets(long peakRecordsPerHour, double meanShardRows) {
        if (!enabled() || peakRecordsPerHour <= 0 || meanShardRows <= 0) {
            return 1;
        }
        double perInterval = peakRecordsPerHour * (double) routingIntervalMillis / SegmentHourCount.HOUR_MILLIS;
        double buckets = Math.ceil(perInterval / (share * meanShardRows));
        return (int) Math.max(1, Math.min(MAX_BUCKETS, buckets));
    }

    /**
     * The hot users of a plan: of each segment with several shards in it, the users whose busiest recent hour
     * ({@code peaks}: segment → user → records) makes them hot against the segment's expected rows per shard, at most
     * {@value #MAX_HOT_USERS_PER_SEGMENT} a segment (the busiest), sorted by segment and user.
     */
    public HotUser[] choose(WindowPlan plan, Map<String, Map<String, Long>> peaks, Map<String, Double> expectedRows) {
        List<HotUser> hot = new ArrayList<>();
        for (Map.Entry<String, Map<String, Long>> segment : peaks.entrySet()) {
            int shards = plan.tablesOf(segment.getKey()).size();
            Double rows = expectedRows.get(segment.getKey());
            if (shards < 2 || rows == null) {
                continue;
            }
            segment.getValue().entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed()
                            .thenComparing(Map.Entry.comparingByKey()))
                    .limit(MAX_HOT_USERS_PER_SEGMENT)
                    .forEach(u -> {
                        int buckets = buckets(u.getValue(), rows / shards);
                        if (buckets > 1) {
                            hot.add(new HotUser(segment.getKey(), u.getKey(), buckets));
                        }
                    });
        }
        hot.sort(Comparator.comparing((HotUser h) -> h.segmentId).thenComparing(h -> h.userId));
        return hot.toArray(new HotUser[0]);
    }
}
