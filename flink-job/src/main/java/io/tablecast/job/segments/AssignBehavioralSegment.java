package io.tablecast.job.segments;

import io.tablecast.connectors.model.RoutedTransaction;
import io.tablecast.connectors.model.SegmentControl;
import io.tablecast.connectors.model.SegmentMove;
import io.tablecast.connectors.model.Transaction;
import io.tablecast.connectors.model.UserProfile;
import io.tablecast.job.operators.StateTtl;
import io.tablecast.job.routing.TimeWindows;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keyed by user: gives each transaction its user's behavioral segment (and its time window). A user's segment for a
 * day is decided once, when event time reaches the day's start, from its behavior over the days before
 * ({@link BehaviorFeatures}) and its profile, by the {@link SegmentRules} in force for that day — never from the
 * day's own records, whose order differs between runs: a record read again after a restart must get the same
 * segment, or it would be written into a second table. Records of a day not yet decided (ahead of the watermark)
 * wait in state until it is; in a flowing stream that is only the first moments of a day.
 *
 * <p>Rules: those of the file the job started with, then each version from the {@code segment-rules} topic (broadcast
 * to every subtask, kept in broadcast state) from its effective time on. A user's profile (from {@code user-profiles},
 * keyed like the transactions) likewise holds from its effective time; an explicit segment in it overrides the rules
 * (no dwell), and the rules may test its attributes. A profile or rules version that arrives after the day it was to
 * take effect on was decided applies from the next decision: publish them ahead of time.
 *
 * <p>Each first segment and each move goes out on {@link #SEGMENT_MOVES} (user, first day, segment, previous), for the
 * catalog. A record that comes after its user moved on (late) keeps the segment of its own day.
 *
 * <p>State per user, with TTL: the segment, its history (a few moves), the behavior (a few numbers), records waiting
 * for their day's decision, and the profile's versions (its own, longer TTL: profiles change rarely).
 */
public final class AssignBehavioralSegment
        extends KeyedBroadcastProcessFunction<String, UserInput, SegmentControl, RoutedTransaction> {
    private static final long serialVersionUID = 1L;
    public static final OutputTag<SegmentMove> SEGMENT_MOVES = new OutputTag<>("segment-moves") {};
    /** Rule versions by the time they take effect from (epoch ms), as JSON. */
    public static final MapStateDescriptor<Long, String> RULES =
            new MapStateDescriptor<>("segment-rules", Types.LONG, Types.STRING);
    private static final long DAY_MILLIS = Duration.ofDays(1).toMillis();
    /** Profile versions kept per user, the one in force and those still ahead; more are a producer's error. */
    static final int MAX_PROFILE_VERSIONS = 8;

    private final SegmentRules initialRules;
    private final TimeWindows windows;
    private final Duration stateTtl;
    private final Duration profileTtl;

    private transient ValueState<UserSegment> user;
    private transient ListState<Transaction> waiting;
    private transient ListState<UserProfile> profiles;
    private transient Map<String, SegmentRules> parsedRules;
    private transient long rulesInForceFrom;
    private transient Counter moves;
    private transient Counter firstSegments;
    private transient Counter recordsWaited;
    private transient Counter lateRecords;
    private transient Counter explicitDecisions;

    public AssignBehavioralSegment(SegmentRules rules, TimeWindows windows, Duration stateTtl, Duration profileTtl) {
        this.initialRules = rules;
        this.windows = windows;
        this.stateTtl = stateTtl;
        this.profileTtl = profileTtl;
    }

    @Override
    public void open(Configuration parameters) {
        user = getRuntimeContext().getState(StateTtl.expiring(
                new ValueStateDescriptor<>("user-segment", TypeInformation.of(UserSegment.class)), stateTtl));
        waiting = getRuntimeContext().getListState(StateTtl.expiring(
                new ListStateDescriptor<>("awaiting-segment", TypeInformation.of(Transaction.class)), stateTtl));
        profiles = getRuntimeContext().getListState(StateTtl.expiring(
                new ListStateDescriptor<>("user-profile", TypeInformation.of(UserProfile.class)), profileTtl));
        parsedRules = new HashMap<>();
        rulesInForceFrom = Long.MIN_VALUE;
        var metrics = getRuntimeContext().getMetricGroup().addGroup("tablecast");
        moves = metrics.counter("segmentMoves");
        firstSegments = metrics.counter("usersFirstSegmented");
        recordsWaited = metrics.counter("recordsWaitedForSegment");
        lateRecords = metrics.counter("recordsAfterTheirDayClosed");
        explicitDecisions = metrics.counter("explicitSegmentDecisions");
        // Which rules the latest decision on this subtask used: when did they take effect (0: the rules file).
        metrics.gauge("segmentRulesInForceFrom", () -> rulesInForceFrom == Long.MIN_VALUE ? 0 : rulesInForceFrom);
    }

    @Override
    public void processElement(UserInput in, ReadOnlyContext ctx, Collector<RoutedTransaction> out)
            throws Exception {
        if (in.profile != null) {
            keepProfile(in.profile);
            return;
        }
        Transaction txn = in.txn;
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
    public void processBroadcastElement(SegmentControl rules, Context ctx, Collector<RoutedTransaction> out)
            throws Exception {
        BroadcastState<Long, String> versions = ctx.getBroadcastState(RULES);
        versions.put(rules.rulesEffectiveFromMillis, rules.rulesJson);
        // Versions superseded before event time now can no longer be chosen (decisions only go forward).
        Long inForce = inForceAt(ctx.currentWatermark(), versions.immutableEntries());
        List<Long> superseded = new ArrayList<>();
        for (Map.Entry<Long, String> v : versions.immutableEntries()) {
            if (inForce != null && v.getKey() < inForce) {
                superseded.add(v.getKey());
            }
        }
        for (Long from : superseded) {
            versions.remove(from);
        }
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

    /** Decides the user's segment for {@code day} from its behavior over the days before and its profile. */
    private UserSegment decide(UserSegment u, long day, ReadOnlyContext ctx) throws Exception {
        long dayStart = day * DAY_MILLIS;
        SegmentRules rules = rulesOn(dayStart, ctx.getBroadcastState(RULES));
        UserProfile profile = profileOn(dayStart);
        String explicit = profile == null ? null : profile.segment;
        if (explicit != null) {
            explicitDecisions.inc();
        }
        if (u == null) {
            BehaviorFeatures behavior = BehaviorFeatures.fresh(rules.trackedTypes());
            String first = explicit != null ? explicit
                    : rules.decide(new UserFacts(behavior.valuesOn(day), profile), null, day, day);
            ctx.output(SEGMENT_MOVES, new SegmentMove(ctx.getCurrentKey(), dayStart, first, null));
            firstSegments.inc();
            UserSegment fresh = UserSegment.first(first, day, behavior);
            fresh.explicit = explicit != null;
            return fresh;
        }
        u.behavior.closeThrough(day - 1, rules.windowDays());
        u.behavior.retrack(rules.trackedTypes());
        // Leaving an explicit segment is no move by behavior: the rules decide afresh, without dwell or hysteresis.
        String next = explicit != null ? explicit : rules.decide(new UserFacts(u.behavior.valuesOn(day), profile),
                u.explicit ? null : u.segment, u.sinceDay, day);
        if (!next.equals(u.segment)) {
            ctx.output(SEGMENT_MOVES, new SegmentMove(ctx.getCurrentKey(), dayStart, next, u.segment));
            u.moveTo(next, day);
            moves.inc();
        }
        u.explicit = explicit != null;
        u.decidedDay = day;
        return u;
    }

    private void route(UserSegment u, Transaction txn, long day, Collector<RoutedTransaction> out) {
        String segment;
        if (day == u.decidedDay) {
            u.behavior.tally(day, txn.amount == null ? 0 : txn.amount.doubleValue(), txn.type);
            segment = u.segment;
        } else {
            lateRecords.inc();  // its day is folded in already: it keeps that day's segment, uncounted
            segment = u.segmentOn(day);
        }
        out.collect(new RoutedTransaction(txn, segment, windows.intervalId(txn.tsMillis), 0, null));
    }

    /** The rules in force from {@code dayStart}: the latest version effective by then, else the file's. */
    private SegmentRules rulesOn(long dayStart, ReadOnlyBroadcastState<Long, String> versions) throws Exception {
        Long chosen = inForceAt(dayStart, versions.immutableEntries());
        if (chosen == null) {
            rulesInForceFrom = Long.MIN_VALUE;
            return initialRules;
        }
        rulesInForceFrom = chosen;
        String json = versions.get(chosen);
        if (parsedRules.size() > 16) {
            parsedRules.clear();  // versions are pruned from broadcast state; so are their parses
        }
        // Checked by ValidateSegmentControl before it was broadcast: parsing cannot fail here.
        return parsedRules.computeIfAbsent(json, j -> SegmentRules.parse(j, "segment rules from " + rulesInForceFrom));
    }

    /** The effective time of the rules version in force at {@code time}: the latest not after it (null: none). */
    private static Long inForceAt(long time, Iterable<Map.Entry<Long, String>> versions) {
        Long inForce = null;
        for (Map.Entry<Long, String> v : versions) {
            if (v.getKey() <= time && (inForce == null || v.getKey() > inForce)) {
                inForce = v.getKey();
            }
        }
        return inForce;
    }

    /** Keeps a profile version, replacing one from the same time; the oldest go beyond a few. */
    private void keepProfile(UserProfile update) throws Exception {
        List<UserProfile> kept = new ArrayList<>();
        for (UserProfile p : profiles.get()) {
            if (p.effectiveFromMillis != update.effectiveFromMillis) {
                kept.add(p);
            }
        }
        kept.add(update);
        kept.sort(Comparator.comparingLong(p -> p.effectiveFromMillis));
        profiles.update(kept.subList(Math.max(0, kept.size() - MAX_PROFILE_VERSIONS), kept.size()));
    }

    /**
     * The profile in force from {@code dayStart} (null: none, or deleted), dropping versions it supersedes. Rewritten
     * at each decision, so a profile lives as long as its user is active, and its TTL after.
     */
    private UserProfile profileOn(long dayStart) throws Exception {
        List<UserProfile> versions = new ArrayList<>();
        profiles.get().forEach(versions::add);
        if (versions.isEmpty()) {
            return null;
        }
        int inForce = -1;
        for (int i = 0; i < versions.size(); i++) {
            if (versions.get(i).effectiveFromMillis <= dayStart) {
                inForce = i;
            }
        }
        List<UserProfile> kept = versions.subList(Math.max(inForce, 0), versions.size());
        UserProfile profile = inForce < 0 ? null : versions.get(inForce);
        boolean deleted = profile != null && profile.segment == null && profile.attributeNames.length == 0;
        if (deleted && kept.size() == 1) {
            profiles.clear();
        } else {
            profiles.update(new ArrayList<>(kept));
        }
        return deleted ? null : profile;
    }
}
