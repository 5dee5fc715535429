package io.tablecast.job.tools;

import io.tablecast.connectors.model.ShardKeys;
import io.tablecast.connectors.model.TablePlan;
import io.tablecast.connectors.model.WindowPlan;
import io.tablecast.job.routing.HashRing;
import io.tablecast.job.routing.StableHashShardRouter;
import io.tablecast.job.schedule.HotKeyRule;
import io.tablecast.job.schedule.PlanningLimits;
import io.tablecast.job.schedule.SchedulePlanner;
import io.tablecast.job.schedule.SegmentOutlook;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Plans one day for a synthetic population and places its records on the planned shards, without a database. The
 * schedule planner (the job's own) decides each segment's tables from expected volumes; each segment with shards of
 * its own gets a hash ring, balanced by arc length as the job does (or by yesterday's records measured per arc);
 * users hot by yesterday's busiest hour (the job's {@link HotKeyRule}) have today's records spread over buckets;
 * today's records are then placed and weighed, beside two baselines (the same ring without bounded loads, and the
 * hash of the user modulo the shard count the job used before). The hottest shard by yesterday's load is split, and today's keys that
 * move are counted against the least a split into two can move (half the shard's keys).
 */
final class ShardingSimulation {
    static final class Settings {
        int users = 10_000_000;
        int segments = 1000;
        double activityExponent = 1.1;
        double recordsPerDay = 100_000_000;
        Duration routingInterval = Duration.ofMinutes(1);
        int virtualNodes = 64;
        double epsilon = 0.25;
        /**
         * Slack of the bounded-load ring built from yesterday's arc loads. Tighter than ε: first-fit fills shards up to
         * its cap, and today's records differ from yesterday's, so a ring built to the cap itself starts today at
         * the limit.
         */
        double buildSlack = 0.02;
        /**
         * As tables.hot-key-share: a user whose busiest hour of yesterday, per routing interval, exceeds this share of
         * its segment's mean shard load is hot, its records spread over buckets by transaction id ({@link HotKeyRule},
         * as the job decides it). 0 turns hot users off.
         */
        double hotKeyShare = 0.002;
        /** Bounded loads from yesterday's measured arc loads (true) or from arc lengths alone (false). */
        boolean balanceByYesterday = false;
        long rowsPerTable = 1_000_000;
        int maxShards = 16;
        int tablesPerWindow = 20;
        int tableBudget = 200;
        long seed = 1;
    }

    /** One segment with shards of its own: its day on three placements, and its split. */
    static final class SegmentDay {
        String segment;
        int shards;
        long records;
        double boundedMaxOverMean;
        double plainRingMaxOverMean;
        double modHashMaxOverMean;
        long keysOnHotShard;
        long keysMovedBySplit;

        double movedOverIdeal() {
            return keysOnHotShard == 0 ? 0 : keysMovedBySplit / (keysOnHotShard / 2.0);
        }
    }

    static final class Result {
        int tablesPerWindow;
        boolean tightened;
        int dedicatedSegments;
        int hotUsers;
        long recordsToday;
        final List<SegmentDay> sharded = new ArrayList<>();

        double worst(java.util.function.ToDoubleFunction<SegmentDay> figure) {
            return sharded.stream().mapToDouble(figure).max().orElse(0);
        }
    }

    private static final long DAY_NUMBER = 20_000;  // an arbitrary day; interval ids count from the epoch

    Result run(Settings s) {
        long dayMillis = Duration.ofDays(1).toMillis();
        int intervals = (int) (dayMillis / s.routingInterval.toMillis());
        if (intervals * s.routingInterval.toMillis() != dayMillis) {
            throw new IllegalArgumentException("the routing interval must divide a day: " + s.routingInterval);
        }
        SyntheticPopulation population = new SyntheticPopulation(s.users, s.segments, s.activityExponent,
                s.recordsPerDay, intervals, s.seed);
        int[] segmentOfUser = new int[s.users + 1];
        double[] expected = new double[s.segments];
        for (int u = 1; u <= s.users; u++) {
            segmentOfUser[u] = population.segmentOf(u);
            expected[segmentOfUser[u]] += population.meanRecords(u);
        }

        // The schedule, as the job's planner makes it from forecasts; here the forecast is the expected volume and
        // its upper bound a stand-in (expected + 25 % + 3 Poisson sigmas).
        List<SegmentOutlook> outlooks = new ArrayList<>();
        for (int k = 0; k < s.segments; k++) {
            if (expected[k] > 0) {
                double upper = expected[k] * 1.25 + 3 * Math.sqrt(expected[k]);
                outlooks.add(new SegmentOutlook(segmentId(k), expected[k], upper, 2 * expected[k] / 86_400));
            }
        }
        long start = DAY_NUMBER * dayMillis;
        WindowPlan plan = new SchedulePlanner(new PlanningLimits(s.rowsPerTable, s.maxShards, s.tablesPerWindow))
                .plan(start, start + dayMillis, outlooks);
        Result result = new Result();
        result.tablesPerWindow = plan.tables.length;
        result.tightened = plan.tightened;

        HashRing[] rings = new HashRing[s.segments];
        for (int k = 0; k < s.segments; k++) {
            List<TablePlan> tables = plan.tablesOf(segmentId(k));
            if (TablePlan.DEDICATED.equals(tables.get(0).reason)) {
                result.dedicatedSegments++;
                if (tables.size() > 1) {
                    rings[k] = HashRing.of(tables.size(), s.virtualNodes);
                }
            }
        }

        // Yesterday: each user's records, counted per hour as the job's user counter does; who is hot today is
        // decided from them, as the job's scheduler decides it from the hours closed before the plan.
        HotKeyRule hotKeys = new HotKeyRule(s.hotKeyShare, s.routingInterval, s.rowsPerTable);
        int intervalsPerHour = (int) Math.max(1, HOUR_MILLIS / s.routingInterval.toMillis());
        Map<Integer, Integer> hotBuckets = new HashMap<>();
        long[][] yesterday = arcLoads(rings);
        long[] counts = new long[intervals];
        long[] bucketCounts = new long[HotKeyRule.MAX_BUCKETS];
        for (int u = 1; u <= s.users; u++) {
            HashRing ring = rings[segmentOfUser[u]];
            if (ring == null) {
                continue;
            }
            population.recordsByInterval(u, 0, counts);
            String user = SyntheticPopulation.userId(u);
            int buckets = hotKeys.buckets(peakHour(counts, intervalsPerHour),
                    expected[segmentOfUser[u]] / ring.shardCount());
            if (buckets > 1) {
                hotBuckets.put(u, buckets);
                result.hotUsers++;
            }
            // Yesterday's own plan would have named about the same hot users: their records are weighed as spread.
            long[] arcs = yesterday[segmentOfUser[u]];
            for (int i = 0; i < intervals; i++) {
                spread(counts[i], buckets, bucketCounts);
                for (int b = 0; b < buckets; b++) {
                    if (bucketCounts[b] > 0) {
                        arcs[ring.arcOf(ShardKeys.keyHash(user, DAY_NUMBER * intervals + i, b))] += bucketCounts[b];
                    }
                }
            }
        }

        HashRing[] bounded = new HashRing[s.segments];
        HashRing[] split = new HashRing[s.segments];
        int[] hot = new int[s.segments];
        for (int k = 0; k < s.segments; k++) {
            if (rings[k] != null) {
                bounded[k] = s.balanceByYesterday ? rings[k].withBoundedLoads(yesterday[k], s.buildSlack)
                        : rings[k].balancedByArcLength(s.buildSlack);
                hot[k] = argMax(bounded[k].shardLoads(yesterday[k]));
                split[k] = bounded[k].split(hot[k]);
            }
        }

        long[][] today = arcLoads(rings);
        Map<Integer, SegmentDay> days = new LinkedHashMap<>();
        long[][] modLoads = new long[s.segments][];
        StableHashShardRouter modHash = new StableHashShardRouter();
        for (int u = 1; u <= s.users; u++) {
            int k = segmentOfUser[u];
            HashRing ring = rings[k];
            long records = population.recordsByInterval(u, 1, counts);
            result.recordsToday += records;
            if (ring == null || records == 0) {
                continue;
            }
            SegmentDay day = days.computeIfAbsent(k, key -> new SegmentDay());
            String user = SyntheticPopulation.userId(u);
            if (modLoads[k] == null) {
                modLoads[k] = new long[ring.shardCount()];
            }
            modLoads[k][modHash.shardOf(segmentId(k), user, "", 0L, ring.shardCount())] += records;
            int buckets = hotBuckets.getOrDefault(u, 1);
            for (int i = 0; i < intervals; i++) {
                spread(counts[i], buckets, bucketCounts);
                for (int b = 0; b < buckets; b++) {
                    if (bucketCounts[b] == 0) {
                        continue;
                    }
                    long hash = ShardKeys.keyHash(user, (DAY_NUMBER + 1) * intervals + i, b);
                    today[k][ring.arcOf(hash)] += bucketCounts[b];
                    if (bounded[k].shardOf(hash) == hot[k]) {
                        day.keysOnHotShard++;
                        if (split[k].shardOf(hash) != hot[k]) {
                            day.keysMovedBySplit++;
                        }
                    }
                }
            }
        }
        days.forEach((k, day) -> {
            day.segment = segmentId(k);
            day.shards = rings[k].shardCount();
            long[] loads = bounded[k].shardLoads(today[k]);
            day.records = sum(loads);
            day.boundedMaxOverMean = maxOverMean(loads);
            day.plainRingMaxOverMean = maxOverMean(rings[k].shardLoads(today[k]));
            day.modHashMaxOverMean = maxOverMean(modLoads[k]);
            result.sharded.add(day);
        });
        return result;
    }

    private static final long HOUR_MILLIS = 3_600_000L;

    /** The most records in one hour of the day, from the day's counts per routing interval. */
    private static long peakHour(long[] counts, int intervalsPerHour) {
        long peak = 0;
        for (int from = 0; from < counts.length; from += intervalsPerHour) {
            long hour = 0;
            for (int i = from; i < Math.min(counts.length, from + intervalsPerHour); i++) {
                hour += counts[i];
            }
            peak = Math.max(peak, hour);
        }
        return peak;
    }

    /**
     * An interval's records over the buckets, as transaction ids would spread them: evenly, the remainder to the
     * first buckets (the simulation has counts, not ids).
     */
    private static void spread(long records, int buckets, long[] out) {
        for (int b = 0; b < buckets; b++) {
            out[b] = records / buckets + (b < records % buckets ? 1 : 0);
        }
    }

    static String segmentId(int k) {
        return "s" + k;
    }

    private static long[][] arcLoads(HashRing[] rings) {
        long[][] loads = new long[rings.length][];
        for (int k = 0; k < rings.length; k++) {
            loads[k] = rings[k] == null ? null : new long[rings[k].arcCount()];
        }
        return loads;
    }

    private static int argMax(long[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }

    private static long sum(long[] values) {
        long total = 0;
        for (long v : values) {
            total += v;
        }
        return total;
    }

    static double maxOverMean(long[] loads) {
        long max = 0;
        for (long v : loads) {
            max = Math.max(max, v);
        }
        long total = sum(loads);
        return total == 0 ? 0 : max / ((double) total / loads.length);
    }
}
