package io.tablecast.job.schedule;

import io.tablecast.connectors.cql.AllocationCommand;
import io.tablecast.connectors.cql.TableNames;
import io.tablecast.connectors.model.HotUser;
import io.tablecast.connectors.model.MovedRanges;
import io.tablecast.connectors.model.SegmentSplit;
import io.tablecast.connectors.model.TablePlan;
import io.tablecast.connectors.model.WindowPlan;
import io.tablecast.job.routing.HashRing;
import io.tablecast.job.routing.RingShardRouter;
import io.tablecast.job.routing.ShardPlacement;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * When a live window's shard is split, and the plan version that says so. Judged once an hour, when the hour closes in
 * event time, from the segment's exact count of that hour and each shard's share of the segment's hash space (after
 * the splits so far): a shard expected to take more than {@code factor} × the rows an hour its table was sized for is
 * hot, and the hottest is split — a new shard takes half of its keys from {@code lead} after the decision, so that the
 * new table exists before the first record needs it, and the switch is known everywhere before a record at or after
 * it is routed ({@link WindowPlan#finalThroughMillis}). The expected load stands in for a measured one because a
 * per-shard count would have to come from the routed stream, which the plan feeds: a cycle. Measured per-table rates
 * and write latency are the load monitor's (metrics and warnings).
 *
 * <p>At most one split per segment an hour, up to {@code maxShards} shards and {@code maxTablesPerWindow} tables in
 * the window; a segment with a table it shares (packed, or the shared table) is not split.
 */
public final class SplitRule implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final long HOUR_MILLIS = 3_600_000L;

    private final double factor;
    private final long leadMillis;
    private final int maxShards;
    private final int maxTablesPerWindow;

    /** {@code factor} 0 turns splits off. */
    public SplitRule(double factor, Duration lead, int maxShards, int maxTablesPerWindow) {
        if (factor < 0 || (factor > 0 && factor < 1)) {
            throw new IllegalArgumentException("split factor must be 0 (off) or at least 1: " + factor);
        }
        this.factor = factor;
        this.leadMillis = lead.toMillis();
        this.maxShards = maxShards;
        this.maxTablesPerWindow = maxTablesPerWindow;
    }

    public boolean enabled() {
        return factor > 0;
    }

    /**
     * Until when a plan issued or updated at {@code decidedAt} is final (0: for its whole window): splits are decided
     * only when an hour of the window closes, and switch {@code lead} after it, so none can switch before the next
     * such hour end plus the lead.
     */
    public long finalThrough(WindowPlan plan, long decidedAt) {
        if (!enabled() || plan.routing != ShardPlacement.RING) {
            return 0;
        }
        long nextDecision = Math.max(plan.windowStartMillis + HOUR_MILLIS,
                Math.floorDiv(decidedAt, HOUR_MILLIS) * HOUR_MILLIS + HOUR_MILLIS);
        long through = nextDecision + leadMillis;
        return through >= plan.windowEndMillis ? 0 : through;
    }

    /** For logs: where this version of the plan is final through, as an instant, or "its end". */
    public static String finalThroughText(WindowPlan plan) {
        return plan.finalThroughMillis == 0 ? "its end" : Instant.ofEpochMilli(plan.finalThroughMillis).toString();
    }

    /**
     * The split of this segment's hottest shard the hour that closed at {@code hourEnd} calls for, or null.
     *
     * @param hourRows the segment's rows in that hour
     */
    public SegmentSplit decide(WindowPlan plan, String segmentId, long hourRows, long hourEnd) {
        long switchAt = hourEnd + leadMillis;
        if (!enabled() || plan.routing != ShardPlacement.RING || switchAt >= plan.windowEndMillis) {
            return null;
        }
        List<TablePlan> tables = plan.tablesOf(segmentId);
        if (tables.size() >= maxShards || plan.tables.length >= maxTablesPerWindow || tables.stream().anyMatch(t -> !TablePlan.DEDICATED.equals(t.reason)
                || t.plannedRows <= 0)) {
            return null;
        }
        List<SegmentSplit> earlier = splitsOf(plan, segmentId);
        if (earlier.stream().anyMatch(s -> s.switchAtMillis > hourEnd + leadMillis - HOUR_MILLIS)) {
            return null;  // one split a segment an hour
        }
        double[] shares = ringOf(plan, segmentId, earlier.size()).shares();
        double windowHours = (plan.windowEndMillis - plan.windowStartMillis) / (double) HOUR_MILLIS;
        int hottest = -1;
        double worst = factor;
        for (int s = 0; s < shares.length; s++) {
            double perHourCapacity = tables.get(s).plannedRows / windowHours;
            double overload = hourRows * shares[s] / perHourCapacity;
            if (overload > worst) {
                worst = overload;
                hottest = s;
            }
        }
        return hottest < 0 ? null : new SegmentSplit(segmentId, hottest, tables.size(), switchAt);
    }

    /**
     * The plan with the split: the new shard's table added, sized as the hot one (each half now writes at half the
     * pace that overran it, so both are judged against a full shard's capacity and the next split goes elsewhere),
     * the split recorded.
     */
    public static WindowPlan apply(WindowPlan plan, SegmentSplit split) {
        TablePlan hot = plan.tablesOf(split.segmentId).get(split.hotShard);
        TablePlan added = new TablePlan(TableNames.windowTable(split.segmentId, plan.windowStartMillis,
                split.newShard), List.of(split.segmentId), split.newShard, split.newShard + 1,
                hot.plannedRows, hot.plannedPeakRowsPerSecond, TablePlan.DEDICATED);
        WindowPlan next = copy(plan);
        next.tables = Arrays.copyOf(plan.tables, plan.tables.length + 1);
        next.tables[plan.tables.length] = added;
        next.splits = Arrays.copyOf(plan.splits, plan.splits.length + 1);
        next.splits[plan.splits.length] = split;
        return next;
    }

    /** A copy of the plan to change (plans are broadcast state: the one held is never changed in place). */
    public static WindowPlan copy(WindowPlan plan) {
        WindowPlan c = new WindowPlan(plan.windowStartMillis, plan.windowEndMillis, plan.tableList(), plan.tightened);
        c.routing = plan.routing;
        c.routingIntervalMillis = plan.routingIntervalMillis;
        c.virtualNodes = plan.virtualNodes;
        c.hotUsers = plan.hotUsers;
        c.splits = plan.splits;
        c.finalThroughMillis = plan.finalThroughMillis;
        return c;
    }

    /**
     * The table manager's command to move the rows of split {@code index} of the plan: the keys it gave the new shard
     * (the ring before it, of the segment's earlier splits), from before its switch, with the segment's hot users.
     */
    public static AllocationCommand moveRowsCommand(WindowPlan plan, int index) {
        SegmentSplit split = plan.splits[index];
        List<TablePlan> tables = plan.tablesOf(split.segmentId);
        int earlier = (int) Arrays.stream(plan.splits, 0, index).filter(s -> s.segmentId.equals(split.segmentId))
                .count();
        MovedRanges moved = ringOf(plan, split.segmentId, earlier).movedBySplit(split.hotShard);
        List<String> users = new ArrayList<>();
        List<Integer> buckets = new ArrayList<>();
        for (HotUser h : plan.hotUsers) {
            if (h.segmentId.equals(split.segmentId)) {
                users.add(h.userId);
                buckets.add(h.buckets);
            }
        }
        return AllocationCommand.moveSplitRows(split.segmentId, tables.get(split.hotShard).table,
                tables.get(split.newShard).table, plan.windowStartMillis, plan.windowEndMillis, split.switchAtMillis,
                plan.routingIntervalMillis, moved, users.toArray(new String[0]),
                buckets.stream().mapToInt(Integer::intValue).toArray());
    }

    /** The segment's splits in the plan, in the order decided. */
    private static List<SegmentSplit> splitsOf(WindowPlan plan, String segmentId) {
        List<SegmentSplit> ofSegment = new ArrayList<>();
        for (SegmentSplit s : plan.splits) {
            if (s.segmentId.equals(segmentId)) {
                ofSegment.add(s);
            }
        }
        return ofSegment;
    }

    /**
     * The segment's ring after its first {@code applied} splits: its tables less its splits were the window's first
     * shards, and each split added one.
     */
    private static HashRing ringOf(WindowPlan plan, String segmentId, int applied) {
        List<SegmentSplit> ofSegment = splitsOf(plan, segmentId);
        return RingShardRouter.ringAfter(plan.tablesOf(segmentId).size() - ofSegment.size(), plan.virtualNodes,
                ofSegment.subList(0, applied));
    }
}
