package io.tablecast.job.schedule;

import io.tablecast.connectors.cql.AllocationCommand;
import io.tablecast.connectors.cql.TableNames;
import io.tablecast.connectors.model.RoutedTransaction;
import io.tablecast.connectors.model.TablePlan;
import io.tablecast.connectors.model.WindowPlan;
import io.tablecast.job.operators.RecentlySeen;
import io.tablecast.job.routing.ShardPlacement;
import io.tablecast.job.routing.ShardRouter;
import io.tablecast.job.routing.TimeWindows;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Sends each transaction to the table its window's plan gives its segment and user: one of the segment's own shards
 * (chosen as the plan says, {@link ShardPlacement}), its pack, or the window's shared table. Plans arrive as broadcast state, final.
 *
 * <p>A record whose window has no plan yet waits here until the plan comes, and is routed by it then: routing by
 * anything else first (the shared table, say) would send the same record elsewhere when it is read again after a
 * restart, into a second table. For the same reason a record at or after the time its window's plan is final through
 * ({@link WindowPlan#finalThroughMillis}, when splits are on) waits for the version that extends it: that version may
 * hold a split switching at the record's time. Plans are decided ahead of their windows in event time, so in a flowing stream a
 * record waits only while the plan travels; waiting records are operator state, counted by
 * {@code recordsAwaitingPlan}. Plans of windows older than {@code planRetention} before the newest are dropped; a
 * record that old — older than validation lets through — would wait for good, so it goes to its window's shared
 * table instead.
 */
public final class RouteBySchedule extends BroadcastProcessFunction<RoutedTransaction, WindowPlan, RoutedTransaction>
        implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;
    public static final MapStateDescriptor<Long, WindowPlan> PLANS = new MapStateDescriptor<>("window-plans",
            Types.LONG, TypeInformation.of(WindowPlan.class));
    /** "This unforeseen segment now writes to this shared table", for the catalog, so reads find it there. */
    public static final OutputTag<AllocationCommand> SHARED_TABLE_SEGMENTS =
            new OutputTag<>("shared-table-segments") {};
    private static final int MAX_REMEMBERED_SEGMENTS = 10_000;
    private static final Logger LOG = LoggerFactory.getLogger(RouteBySchedule.class);

    private final TimeWindows windows;
    private final long planRetentionMillis;

    private transient Map<Long, List<RoutedTransaction>> waiting;
    /** Each plan's router, by window start; dropped with the plan. */
    private transient Map<Long, ShardRouter> routers;
    private transient ListState<RoutedTransaction> waitingState;
    private transient long newestPlanStart;
    private transient Counter routedToShared;

    /** (shared table, segment) pairs this subtask reported; a bounded cache, the catalog update is idempotent. */
    private transient RecentlySeen reported;

    public RouteBySchedule(TimeWindows windows, Duration planRetention) {
        this.windows = windows;
        this.planRetentionMillis = planRetention.toMillis();
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        waiting = new HashMap<>();
        newestPlanStart = Long.MIN_VALUE;
        waitingState = context.getOperatorStateStore().getListState(
                new ListStateDescriptor<>("awaiting-plan", TypeInformation.of(RoutedTransaction.class)));
        int restored = 0;
        for (RoutedTransaction r : waitingState.get()) {
            wait(r);
            restored++;
        }
        if (restored > 0) {
            LOG.info("restored {} records awaiting their window's plan", restored);
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        List<RoutedTransaction> all = new ArrayList<>();
        waiting.values().forEach(all::addAll);
        waitingState.update(all);
    }

    @Override
    public void open(Configuration parameters) {
        var metrics = getRuntimeContext().getMetricGroup().addGroup("tablecast");
        metrics.gauge("recordsAwaitingPlan", () -> waiting.values().stream().mapToInt(List::size).sum());
        routedToShared = metrics.counter("recordsRoutedToSharedTable");
        reported = new RecentlySeen(MAX_REMEMBERED_SEGMENTS);
        routers = new HashMap<>();
    }

    @Override
    public void processElement(RoutedTransaction r, ReadOnlyContext ctx, Collector<RoutedTransaction> out)
            throws Exception {
        long start = windows.startMillis(r.intervalId);
        if (newestPlanStart == Long.MIN_VALUE) {  // after a restart: the plans came back as broadcast state
            for (Map.Entry<Long, WindowPlan> e : ctx.getBroadcastState(PLANS).immutableEntries()) {
                newestPlanStart = Math.max(newestPlanStart, e.getKey());
            }
        }
        WindowPlan plan = ctx.getBroadcastState(PLANS).get(start);
        if (plan != null && isFinalFor(plan, r)) {
            out.collect(route(r, plan, c -> ctx.output(SHARED_TABLE_SEGMENTS, c)));
        } else if (newestPlanStart != Long.MIN_VALUE && start < newestPlanStart - planRetentionMillis) {
            out.collect(routeToShared(r, start, c -> ctx.output(SHARED_TABLE_SEGMENTS, c)));
        } else {
            wait(r);
        }
    }

    @Override
    public void processBroadcastElement(WindowPlan plan, Context ctx, Collector<RoutedTransaction> out)
            throws Exception {
        BroadcastState<Long, WindowPlan> plans = ctx.getBroadcastState(PLANS);
        plans.put(plan.windowStartMillis, plan);
        routers.remove(plan.windowStartMillis);  // a later version of the plan (a split) routes differently
        if (plan.windowStartMillis > newestPlanStart) {
            newestPlanStart = plan.windowStartMillis;
        }
        for (Iterator<Map.Entry<Long, WindowPlan>> it = plans.iterator(); it.hasNext(); ) {
            long start = it.next().getKey();
            if (start < newestPlanStart - planRetentionMillis) {
                it.remove();
                routers.remove(start);
            }
        }
        List<RoutedTransaction> ready = waiting.remove(windows.intervalId(plan.windowStartMillis));
        if (ready != null) {
            int routed = 0;
            for (RoutedTransaction r : ready) {
                if (isFinalFor(plan, r)) {
                    out.collect(route(r, plan, c -> ctx.output(SHARED_TABLE_SEGMENTS, c)));
                    routed++;
                } else {
                    wait(r);
                }
            }
            LOG.info("plan of window {} (final through {}): {} waiting records routed, {} wait on",
                    Instant.ofEpochMilli(plan.windowStartMillis), SplitRule.finalThroughText(plan), routed,
                    ready.size() - routed);
        }
        for (Iterator<Map.Entry<Long, List<RoutedTransaction>>> it = waiting.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Long, List<RoutedTransaction>> stale = it.next();
            long start = windows.startMillis(stale.getKey());
            if (start < newestPlanStart - planRetentionMillis) {
                for (RoutedTransaction r : stale.getValue()) {
                    out.collect(routeToShared(r, start, c -> ctx.output(SHARED_TABLE_SEGMENTS, c)));
                }
                it.remove();
            }
        }
    }

    /** Whether the plan (this version of it) is final at the record's time: no later version can change its table. */
    private static boolean isFinalFor(WindowPlan plan, RoutedTransaction r) {
        return plan.finalThroughMillis == 0 || r.txn.tsMillis < plan.finalThroughMillis;
    }

    private void wait(RoutedTransaction r) {
        waiting.computeIfAbsent(r.intervalId, w -> new ArrayList<>()).add(r);
    }

    private RoutedTransaction route(RoutedTransaction r, WindowPlan plan, Consumer<AllocationCommand> report) {
        List<TablePlan> tables = plan.tablesOf(r.segmentId);
        int shard = tables.size() == 1 ? 0 : routers.computeIfAbsent(plan.windowStartMillis,
                w -> ShardPlacement.routerOf(plan)).shardOf(r.segmentId, r.txn.userId, r.txn.txnId, r.txn.tsMillis,
                tables.size());
        r.shard = shard;
        r.table = tables.get(shard).table;
        if (TablePlan.SHARED.equals(tables.get(shard).reason)) {
            reportShared(r, plan.windowStartMillis, plan.windowEndMillis, report);
        }
        return r;
    }

    private RoutedTransaction routeToShared(RoutedTransaction r, long windowStart, Consumer<AllocationCommand> report) {
        routedToShared.inc();
        r.shard = 0;
        r.table = TableNames.sharedTable(windowStart);
        reportShared(r, windowStart, windows.endMillis(r.intervalId), report);
        return r;
    }

    private void reportShared(RoutedTransaction r, long windowStart, long windowEnd,
                              Consumer<AllocationCommand> report) {
        if (reported.firstTime(r.table + "+" + r.segmentId)) {
            report.accept(AllocationCommand.addSegment(r.table, r.segmentId, windowStart, windowEnd));
        }
    }
}
