package io.tablecast.job.segments;

import io.tablecast.connectors.model.RoutedTransaction;
import io.tablecast.connectors.model.SegmentMove;
import io.tablecast.connectors.model.Transaction;
import io.tablecast.job.operators.StateTtl;
import io.tablecast.job.routing.TimeWindows;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Keyed by user: gives each transaction its user's behavioral segment (and its time window). A user's segment for a
 * day is decided once, when event time reaches the day's start, from its behavior over the days before
 * ({@link BehaviorFeatures}) by the {@link SegmentRules} — never from the day's own records, whose order differs
 * between runs: a record read again after a restart must get the same segment, or it would be written into a second
 * table. Records of a day not yet decided (ahead of the watermark) wait in state until it is; in a flowing stream
 * that is only the first moments of a day.
 *
 * <p>Each first segment and each move goes out on {@link #SEGMENT_MOVES} (user, first day, segment, previous), for the
 * catalog. A record that comes after its user moved on (late) keeps the segment of its own day.
 *
 * <p>State per user, with TTL: the segment, its history (a few moves), the behavior (a few numbers) and records
 * waiting for their day's decision.
 */
public final class AssignBehavioralSegment extends KeyedProcessFunction<String, Transaction, RoutedTransaction> {
    private static final long serialVersionUID = 1L;
    public static final OutputTag<SegmentMove> SEGMENT_MOVES = new OutputTag<>("segment-moves") {};
    private static final long DAY_MILLIS = Duration.ofDays(1).toMillis();

    private final SegmentRules rules;
    private final TimeWindows windows;
    private final Duration stateTtl;

    private transient ValueState<UserSegment> user;
    private transient ListState<Transaction> waiting;
    private transient Counter moves;
    private transient Counter firstSegments;
    private transient Counter recordsWaited;
    private transient Counter lateRecords;

    public AssignBehavioralSegment(SegmentRules rules, TimeWindows windows, Duration stateTtl) {
        this.rules = rules;
        this.windows = windows;
        this.stateTtl = stateTtl;
    }

    @Override
    public void open(Configuration parameters) {
        user = getRuntimeContext().getState(StateTtl.expiring(
                new ValueStateDescriptor<>("user-segment", TypeInformation.of(UserSegment.class)), stateTtl));
        waiting = getRuntimeContext().getListState(StateTtl.expiring(
                new ListStateDescriptor<>("awaiting-segment", TypeInformation.of(Transaction.class)), stateTtl));
        var metrics = getRuntimeContext().getMetricGroup().addGroup("tablecast");
        moves = metrics.counter("segmentMoves");
        firstSegments = metrics.counter("usersFirstSegmented");
        recordsWaited = metrics.counter("recordsWaitedForSegment");
        lateRecords = metrics.counter("recordsAfterTheirDayClosed");
    }

    @Override
    public void processElement(Transaction txn, Context ctx, Collector<RoutedTransaction> out) throws Exception {
        long day = Math.floorDiv(txn.tsMillis, DAY_MILLIS);
        UserSegment u = user.value();
        if (u == null || day > u.decidedDay) {
            if (ctx.timerService().currentWatermark() >= day * DAY_MILLIS) {
                u = decide(u, day, ctx);
            } else {
                waiting.add(txn);
                recordsWaited.inc();
                ctx.timerService().registerEventTimeTimer(day * DAY_MILLIS);
                return;
            }
        }
        route(u, txn, day, out);
        user.update(u);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<RoutedTransaction> out) throws Exception {
        long day = Math.floorDiv(timestamp, DAY_MILLIS);
        UserSegment u = user.value();
        if (u == null || day > u.decidedDay) {
            u = decide(u, day, ctx);
        }
        List<Transaction> later = new ArrayList<>();
        for (Transaction txn : waiting.get()) {
            long d = Math.floorDiv(txn.tsMillis, DAY_MILLIS);
            if (d <= day) {
                route(u, txn, d, out);
            } else {
                later.add(txn);
            }
        }
        waiting.update(later);
        user.update(u);
    }

    /** Decides the user's segment for {@code day} from its behavior over the days before. */
    private UserSegment decide(UserSegment u, long day, Context ctx) {
        if (u == null) {
            BehaviorFeatures behavior = BehaviorFeatures.fresh(rules.trackedTypes().size());
            String first = rules.decide(behavior.valuesOn(day, rules.trackedTypes()), null, day, day);
            ctx.output(SEGMENT_MOVES, new SegmentMove(ctx.getCurrentKey(), day * DAY_MILLIS, first, null));
            firstSegments.inc();
            return UserSegment.first(first, day, behavior);
        }
        u.behavior.closeThrough(day - 1, rules.windowDays());
        String next = rules.decide(u.behavior.valuesOn(day, rules.trackedTypes()), u.segment, u.sinceDay, day);
        if (!next.equals(u.segment)) {
            ctx.output(SEGMENT_MOVES, new SegmentMove(ctx.getCurrentKey(), day * DAY_MILLIS, next, u.segment));
            u.moveTo(next, day);
            moves.inc();
        }
        u.decidedDay = day;
        return u;
    }

    private void route(UserSegment u, Transaction txn, long day, Collector<RoutedTransaction> out) {
        String segment;
        if (day == u.decidedDay) {
            u.behavior.tally(day, txn.amount == null ? 0 : txn.amount.doubleValue(),
                    rules.trackedTypes().indexOf(txn.type));
            segment = u.segment;
        } else {
            lateRecords.inc();  // its day is folded in already: it keeps that day's segment, uncounted
            segment = u.segmentOn(day);
        }
        out.collect(new RoutedTransaction(txn, segment, windows.intervalId(txn.tsMillis), 0, null));
    }
}
