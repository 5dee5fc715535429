package io.tablecast.job.schedule;

import io.tablecast.connectors.cql.AllocationCommand;
import io.tablecast.connectors.cql.TableNames;
import io.tablecast.connectors.model.HotUser;
import io.tablecast.connectors.model.SegmentForecast;
import io.tablecast.connectors.model.SegmentSplit;
import io.tablecast.connectors.model.TablePlan;
import io.tablecast.connectors.model.WindowOutcome;
import io.tablecast.connectors.model.WindowPlan;
import io.tablecast.job.forecast.SegmentHourCount;
import io.tablecast.job.forecast.UserHourCount;
import io.tablecast.job.operators.StateTtl;
import io.tablecast.job.routing.ShardPlacement;
import io.tablecast.job.operators.WindowSighting;
import io.tablecast.job.routing.TimeWindows;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.typeutils.ListTypeInfo;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
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

/**
 * The job's schedule, in one place (one key, parallelism 1): each window's tables are decided {@code lead} before the
 * window begins in event time, from every segment's latest forecast issued by then, and the decision is final.
 *
 * <p>Why event time and "issued by then": a plan fixes where records go, and a record read again after a restart
 * must land where it landed before. A forecast carries the event time it was issued at and reaches this operator
 * before any watermark past that time, so the set of forecasts issued at or before the decision time is the same on
 * every run, and so is the plan. Forecasts issued later do not reach back into it.
 *
 * <p>Out: the plan (for the routers, as broadcast state) and, on {@link #ALLOCATIONS}, a CREATE for each of its
 * tables (for the table manager); on {@link #OUTCOMES}, how each segment's window went against its plan once it
 * ended. Windows are planned in order on a chain of event-time timers that runs one window
 * ahead of the newest window records were seen in, no further: at the end of a bounded input the watermark jumps to
 * its maximum, and an unbounded chain would plan windows forever. A window that records reach after the chain
 * passed it (a backfill behind the stream's front) is planned when first sighted.
 *
 * <p>By the wall clock, every {@code premakeInterval}, it also asks for the shared tables of the current window and
 * the next {@code premakeWindows}: they are the same whatever the plans say, and so live traffic finds its window's
 * shared table even when a quiet stream has not moved event time to the decision yet (pg_partman #374: premake by
 * the clock).
 *
 * <p>Live traffic counts too: when a segment's hours so far in the window the decision falls in, at that window's
 * pace, would outrun the forecast for the next window, the next window is sized by that pace instead (a segment
 * whose traffic jumps gets more capacity at the next decision, not after the forecaster has caught up). Only hours
 * closed by the decision time count, for the same reason as above.
 *
 * <p>Hot users: a user of a segment with several shards whose busiest hour of the last day, per routing interval,
 * would be more than the hot-key share of a shard ({@link HotKeyRule}) is named in the plan with a number of buckets,
 * and its records of the window are spread over them by transaction id ({@code RingShardRouter}).
 *
 * <p>State: per (window, segment) the outlook of the latest forecast that reaches it, dropped once the window is
 * planned;
 * per (window, segment, hour) the closed hours' counts, for a window and the next;
 * busy users' closed hours (only those at the hot-key floor) for two days;
 * the plans of recent windows (TTL {@code planRetention}); the next window of the chain.
 */
public final class WindowScheduler extends KeyedCoProcessFunction<Integer, VolumeSignal, WindowSighting,
        WindowPlan> {
    private static final long serialVersionUID = 1L;
    public static final OutputTag<AllocationCommand> ALLOCATIONS = new OutputTag<>("allocations") {};
    /** How each segment's ended window went against the bound its plan was sized by. */
    public static final OutputTag<WindowOutcome> OUTCOMES = new OutputTag<>("window-outcomes") {};
    private static final long HOUR_MILLIS = SegmentHourCount.HOUR_MILLIS;
    private static final Logger LOG = LoggerFactory.getLogger(WindowScheduler.class);
    /** Headroom over a pace measured from live traffic, which has no error estimate of its own. */
    private static final double LIVE_MARGIN = 1.2;
    /** The closed hours just before a decision that show a segment's pace now. */
    private static final int RECENT_HOURS = 6;
    /** The closed hours a user's peak is taken over: a day, so a user busy at noon is hot in tomorrow's plan. */
    static final int HOT_LOOKBACK_HOURS = 24;

    private final ShardPlacement placement;
    private final HotKeyRule hotKeys;
    private final SplitRule splitRule;
    private final TimeWindows windows;
    private final SchedulePlanner planner;
    private final long leadMillis;
    private final Duration planRetention;
    private final int premakeWindows;
    private final long premakeIntervalMillis;

    private transient MapState<String, TimedOutlook> outlooks;
    /** Versions up to 0.1 kept every outlook a window was sent, not only the latest; moved over after a restore. */
    private transient MapState<String, List<TimedOutlook>> outlookLists;
    private transient MapState<String, Long> closedHours;
    /** Busy users' closed hours, by (hour, segment, user): what hot users are decided from. */
    private transient MapState<String, UserHourCount> busyUserHours;
    /** Per (window, segment) the upper bound its plan was made with: what live traffic is judged against. */
    private transient MapState<String, Double> plannedUppers;
    /** Per (window, segment) the rows its plan expected, for its outcome; absent for plans made before version 0.3. */
    private transient MapState<String, Double> plannedExpected;
    /** Per (window, segment): its plan was sized by live traffic, not by its forecast. */
    private transient MapState<String, Boolean> grownByPace;
    private transient MapState<Long, WindowPlan> plans;
    private transient ValueState<Long> nextWindow;
    private transient ValueState<Long> newestSighted;
    private transient ValueState<Long> chainTimer;
    private transient ValueState<Long> nextClockCheck;
    private transient MapState<Long, Boolean> sharedPremade;
    /** New shards' tables whose rows from before their split the table manager was asked to move. */
    private transient MapState<String, Boolean> splitMovesAsked;
    private transient Counter windowsPlanned;
    private transient Counter tightenedPlans;
    private transient Counter shardSplits;
    private transient Counter grownByLiveTraffic;
    private transient WindowBoundTally boundTally;
    private transient volatile int lastPlanTables;
    private transient volatile int lastPlanHotUsers;
    /** Whether this task asked again for the tables of the plans it restored (see {@link #reaskAfterRestore}). */
    private transient boolean reasked;

    public WindowScheduler(TimeWindows windows, PlanningLimits limits, ShardPlacement placement, HotKeyRule hotKeys,
                           SplitRule splitRule, Duration lead, Duration planRetention, int premakeWindows,
                           Duration premakeInterval) {
        this.windows = windows;
        this.planner = new SchedulePlanner(limits);
        this.placement = placement;
        this.hotKeys = hotKeys;
        this.splitRule = splitRule;
        this.leadMillis = lead.toMillis();
        this.planRetention = planRetention;
        this.premakeWindows = premakeWindows;
        this.premakeIntervalMillis = premakeInterval.toMillis();
    }

    @Override
    public void open(Configuration parameters) {
        // A window no record ever reached is never planned: its outlooks and counts expire instead.
        outlooks = getRuntimeContext().getMapState(StateTtl.expiringWithoutBackgroundCleanup(
                new MapStateDescriptor<>("latest-outlooks", Types.STRING, TypeInformation.of(TimedOutlook.class)),
                planRetention));
        outlookLists = getRuntimeContext().getMapState(StateTtl.expiringWithoutBackgroundCleanup(
                new MapStateDescriptor<>("outlooks", Types.STRING,
                        new ListTypeInfo<>(TypeInformation.of(TimedOutlook.class))), planRetention));
        closedHours = getRuntimeContext().getMapState(StateTtl.expiringWithoutBackgroundCleanup(
                new MapStateDescriptor<>("closed-hours", Types.STRING, Types.LONG), planRetention));
        busyUserHours = getRuntimeContext().getMapState(StateTtl.expiringWithoutBackgroundCleanup(
                new MapStateDescriptor<>("busy-user-hours", Types.STRING, TypeInformation.of(UserHourCount.class)),
                planRetention));
        plannedUppers = getRuntimeContext().getMapState(StateTtl.expiringWithoutBackgroundCleanup(
                new MapStateDescriptor<>("planned-uppers", Types.STRING, Types.DOUBLE), planRetention));
        plannedExpected = getRuntimeContext().getMapState(StateTtl.expiringWithoutBackgroundCleanup(
                new MapStateDescriptor<>("planned-expected", Types.STRING, Types.DOUBLE), planRetention));
        grownByPace = getRuntimeContext().getMapState(StateTtl.expiringWithoutBackgroundCleanup(
                new MapStateDescriptor<>("grown-by-pace", Types.STRING, Types.BOOLEAN), planRetention));
        plans = getRuntimeContext().getMapState(StateTtl.expiringWithoutBackgroundCleanup(
                new MapStateDescriptor<>("plans", Types.LONG, TypeInformation.of(WindowPlan.class)), planRetention));
        nextWindow = getRuntimeContext().getState(new ValueStateDescriptor<>("next-window", Types.LONG));
        newestSighted = getRuntimeContext().getState(new ValueStateDescriptor<>("newest-sighted", Types.LONG));
        chainTimer = getRuntimeContext().getState(new ValueStateDescriptor<>("chain-timer", Types.LONG));
        nextClockCheck = getRuntimeContext().getState(new ValueStateDescriptor<>("next-clock-check", Types.LONG));
        splitMovesAsked = getRuntimeContext().getMapState(StateTtl.expiringWithoutBackgroundCleanup(
                new MapStateDescriptor<>("split-moves-asked", Types.STRING, Types.BOOLEAN), planRetention));
        sharedPremade = getRuntimeContext().getMapState(StateTtl.expiringWithoutBackgroundCleanup(
                new MapStateDescriptor<>("shared-premade", Types.LONG, Types.BOOLEAN), planRetention));
        MetricGroup metrics = getRuntimeContext().getMetricGroup().addGroup("tablecast");
        windowsPlanned = metrics.counter("windowsPlanned");
        tightenedPlans = metrics.counter("tightenedPlans");
        shardSplits = metrics.counter("shardSplits");
        grownByLiveTraffic = metrics.counter("segmentsGrownByLiveTraffic");
        metrics.gauge("lastPlanTables", () -> lastPlanTables);
        metrics.gauge("lastPlanHotUsers", () -> lastPlanHotUsers);
        boundTally = new WindowBoundTally();
        metrics.gauge("segmentWindowsWithinBound", boundTally::within);
        metrics.gauge("segmentWindowsOverBound", boundTally::over);
        metrics.gauge("windowBoundCoverage", boundTally::coverage);
    }

    WindowBoundTally boundTally() {
        return boundTally;
    }

    /**
     * Keeps a segment's outlook for a window when it comes from a forecast issued no earlier than the one held. Only
     * forecasts issued by the window's decision time get here, so what is held at the decision is the latest of
     * those: the one the plan is made from.
     */
    private void keepIfLater(String windowAndSegment, TimedOutlook outlook) throws Exception {
        TimedOutlook held = outlooks.get(windowAndSegment);
        if (held == null || outlook.issuedAtMillis >= held.issuedAtMillis) {
            outlooks.put(windowAndSegment, outlook);
        }
    }

    /** The event time window {@code id}'s plan is decided at. */
    long decisionTime(long windowId) {
        return windows.startMillis(windowId) - leadMillis;
    }

    /**
     * The first time a task sees an element, it asks again for the tables of every plan it holds whose window has not
     * ended: a restore may meet a cluster that lost them (or a fresh one), and nothing else would ask — those windows
     * are decided already. CREATE is idempotent, and the table manager skips tables its catalog knows. State restored
     * from version 0.1 has its outlook lists reduced to the latest outlook here too.
     */
    private void reaskAfterRestore(long nowEventTime, Context ctx) throws Exception {
        if (reasked) {
            return;
        }
        reasked = true;
        for (Map.Entry<String, List<TimedOutlook>> e : outlookLists.entries()) {
            for (TimedOutlook o : e.getValue()) {
                keepIfLater(e.getKey(), o);
            }
        }
        outlookLists.clear();
        for (Map.Entry<Long, WindowPlan> e : plans.entries()) {
            WindowPlan plan = e.getValue();
            if (plan.windowEndMillis > nowEventTime) {
                for (TablePlan t : plan.tables) {
                    ctx.output(ALLOCATIONS, AllocationCommand.create(t, plan.windowStartMillis, plan.windowEndMillis));
                }
            }
        }
    }

    @Override
    public void processElement1(VolumeSignal signal, Context ctx, Collector<WindowPlan> out) throws Exception {
        reaskAfterRestore(ctx.timerService().currentWatermark(), ctx);
        if (signal.hotUser != null) {
            UserHourCount u = signal.hotUser;
            busyUserHours.put(u.hour + "\u0000" + u.segmentId + "\u0000" + u.userId, u);
            return;
        }
        if (signal.actual != null) {
            SegmentHourCount h = signal.actual;
            closedHours.put(windows.intervalId(h.hour * HOUR_MILLIS) + "/" + h.segmentId + "/" + h.hour, h.count);
            if (splitRule.enabled()) {
                ctx.timerService().registerEventTimeTimer(SegmentHourCount.endOf(h.hour));  // the hourly split check
            }
            return;
        }
        SegmentForecast f = signal.forecast;
        long firstMillis = f.firstHour * HOUR_MILLIS;
        long lastMillis = (f.firstHour + f.point.length) * HOUR_MILLIS - 1;
        for (long w = windows.intervalId(firstMillis); w <= windows.intervalId(lastMillis); w++) {
            if (decisionTime(w) < f.issuedAtMillis || plans.contains(w)) {
                continue;  // decided before this forecast existed
            }
            keepIfLater(w + "/" + f.segmentId, new TimedOutlook(f.issuedAtMillis,
                    SegmentOutlook.fromForecast(f, windows.startMillis(w), windows.endMillis(w))));
        }
        startChain(windows.intervalId(f.issuedAtMillis), ctx);
        advanceChain(ctx.timerService());
    }

    @Override
    public void processElement2(WindowSighting sighting, Context ctx, Collector<WindowPlan> out) throws Exception {
        reaskAfterRestore(ctx.timerService().currentWatermark(), ctx);
        startChain(sighting.intervalId, ctx);
        Long newest = newestSighted.value();
        if (newest == null || sighting.intervalId > newest) {
            newestSighted.update(sighting.intervalId);
        }
        Long next = nextWindow.value();
        if (sighting.intervalId < next && !plans.contains(sighting.intervalId)) {
            // Behind the chain: plan it on its own, at the next watermark (its decision time is past).
            ctx.timerService().registerEventTimeTimer(decisionTime(sighting.intervalId));
        }
        advanceChain(ctx.timerService());
    }

    /**
     * Whether a window is at most one past the newest seen: the chain stops there. Any event-time timer at a window's
     * decision time plans it — an hourly split check's too, when the lead is whole hours — so this is asked of every
     * one: at the end of a bounded input (watermark at its maximum) each plan's split checks would otherwise plan the
     * next window, whose checks would plan the next, without end.
     */
    private boolean withinReach(long windowId) throws Exception {
        Long newest = newestSighted.value();
        return newest != null && windowId <= newest + 1;
    }

    /** Sets the chain's next timer when none is pending and the next window is at most one past the newest seen. */
    private void advanceChain(TimerService timers) throws Exception {
        Long next = nextWindow.value();
        Long newest = newestSighted.value();
        if (chainTimer.value() == null && next != null && newest != null && next <= newest + 1) {
            chainTimer.update(decisionTime(next));
            timers.registerEventTimeTimer(decisionTime(next));
        }
    }

    private void startChain(long windowId, Context ctx) throws Exception {
        if (nextWindow.value() == null) {
            nextWindow.update(windowId);
        }
        if (nextClockCheck.value() == null) {
            long now = ctx.timerService().currentProcessingTime();
            nextClockCheck.update(now);
            ctx.timerService().registerProcessingTimeTimer(now);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<WindowPlan> out) throws Exception {
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
            premakeSharedTables(timestamp, ctx);
            return;
        }
        long windowId = windows.intervalId(timestamp + leadMillis);
        if (timestamp == decisionTime(windowId) && !plans.contains(windowId) && withinReach(windowId)) {
            plan(windowId, timestamp, ctx, out);
        }
        if (splitRule.enabled() && timestamp % HOUR_MILLIS == 0) {
            checkSplits(timestamp, ctx, out);
        }
        Long chained = chainTimer.value();
        if (chained != null && chained == timestamp) {
            chainTimer.clear();
            nextWindow.update(windowId + 1);
            advanceChain(ctx.timerService());
        }
    }

    /**
     * Judges how each segment's ended window went against the bound its plan was sized by ({@link WindowBoundTally},
     * {@link #OUTCOMES}) and drops the counts, planned bounds and pace marks of windows before {@code current}.
     */
    private void judgeEndedWindows(long current, OnTimerContext ctx) throws Exception {
        Map<String, Long> received = new HashMap<>();  // rows per ended (window, segment)
        for (Iterator<Map.Entry<String, Long>> it = closedHours.iterator(); it.hasNext(); ) {
            Map.Entry<String, Long> e = it.next();
            String[] key = e.getKey().split("/", 3);
            if (Long.parseLong(key[0]) < current) {
                received.merge(key[0] + "/" + key[1], e.getValue(), Long::sum);
                it.remove();
            }
        }
        for (Iterator<Map.Entry<String, Double>> it = plannedUppers.iterator(); it.hasNext(); ) {
            Map.Entry<String, Double> e = it.next();
            String[] key = e.getKey().split("/", 2);
            long window = Long.parseLong(key[0]);
            if (window < current) {
                Double expected = plannedExpected.get(e.getKey());
                WindowOutcome outcome = new WindowOutcome(key[1], windows.startMillis(window),
                        windows.endMillis(window), expected == null ? Double.NaN : expected, e.getValue(),
                        received.getOrDefault(e.getKey(), 0L), grownByPace.contains(e.getKey()));
                boundTally.judge(outcome);
                ctx.output(OUTCOMES, outcome);
                plannedExpected.remove(e.getKey());
                it.remove();
            }
        }
        for (Iterator<String> it = grownByPace.keys().iterator(); it.hasNext(); ) {
            if (Long.parseLong(it.next().split("/", 2)[0]) < current) {
                it.remove();
            }
        }
    }

    /**
     * Replaces a segment's outlook by the pace of its closed hours in the window the decision falls in, where that
     * pace outruns what that window was planned with (or the segment was not in its plan) and, over the whole planned
     * window, exceeds the forecast's upper bound; the pace of the last {@value #RECENT_HOURS} hours counts where it is
     * higher. Traffic that was foreseen — a promotion announced as an event — does not carry over into the next
     * window.
     */
    private void growByLiveTraffic(long windowId, long decidedAt, List<SegmentOutlook> known) throws Exception {
        long current = windows.intervalId(decidedAt);
        long recentFrom = decidedAt / HOUR_MILLIS - RECENT_HOURS;
        Map<String, long[]> paceBySegment = new HashMap<>();  // rows, hours, busiest hour, recent rows, recent hours
        for (Map.Entry<String, Long> e : closedHours.entries()) {
            String[] key = e.getKey().split("/", 3);
            long hour = Long.parseLong(key[2]);
            if (Long.parseLong(key[0]) == current && (hour + 1) * HOUR_MILLIS <= decidedAt) {
                long[] pace = paceBySegment.computeIfAbsent(key[1], s -> new long[5]);
                pace[0] += e.getValue();
                pace[1]++;
                pace[2] = Math.max(pace[2], e.getValue());
                if (hour >= recentFrom) {
                    pace[3] += e.getValue();
                    pace[4]++;
                }
            }
        }
        double windowHours = (windows.endMillis(windowId) - windows.startMillis(windowId)) / (double) HOUR_MILLIS;
        double currentHours = (windows.endMillis(current) - windows.startMillis(current)) / (double) HOUR_MILLIS;
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < known.size(); i++) {
            index.put(known.get(i).segmentId, i);
        }
        for (Map.Entry<String, long[]> e : paceBySegment.entrySet()) {
            long[] pace = e.getValue();
            double perHour = pace[0] / (double) pace[1];
            Double planned = plannedUppers.get(current + "/" + e.getKey());
            // A window already sized by pace keeps being so until the forecast catches up with the new level.
            boolean outran = planned == null || perHour * currentHours > planned
                    || grownByPace.contains(current + "/" + e.getKey());
            // Judged by the whole window so far (a daily peak is no surge); sized by the recent pace where that is
            // higher, as a jump at noon shows in the evening's hours at full height and in the day's mean at half.
            double recentPerHour = pace[4] == 0 ? 0 : pace[3] / (double) pace[4];
            double projected = Math.max(perHour, recentPerHour) * windowHours;
            Integer i = index.get(e.getKey());
            SegmentOutlook forecast = i == null ? null : known.get(i);
            if (projected > 0 && outran && (forecast == null || projected > forecast.upperRows)) {
                SegmentOutlook grown = new SegmentOutlook(e.getKey(), projected, projected * LIVE_MARGIN,
                        Math.max(forecast == null ? 0 : forecast.peakRowsPerSecond, pace[2] * LIVE_MARGIN / 3600.0));
                if (i == null) {
                    known.add(grown);
                } else {
                    known.set(i, grown);
                }
                grownByPace.put(windowId + "/" + e.getKey(), Boolean.TRUE);
                grownByLiveTraffic.inc();
            }
        }
    }

    private void premakeSharedTables(long now, OnTimerContext ctx) throws Exception {
        long current = windows.intervalId(now);
        for (long w = current; w <= current + premakeWindows; w++) {
            if (!sharedPremade.contains(w)) {
                TablePlan shared = new TablePlan(TableNames.sharedTable(windows.startMillis(w)), List.of(), 0, 1, 0,
                        0, TablePlan.SHARED);
                ctx.output(ALLOCATIONS, AllocationCommand.create(shared, windows.startMillis(w), windows.endMillis(w)));
                sharedPremade.put(w, Boolean.TRUE);
            }
        }
        nextClockCheck.update(now + premakeIntervalMillis);
        ctx.timerService().registerProcessingTimeTimer(now + premakeIntervalMillis);
    }

    private void plan(long windowId, long decidedAt, OnTimerContext ctx, Collector<WindowPlan> out)
            throws Exception {
        String prefix = windowId + "/";
        List<SegmentOutlook> known = new ArrayList<>();
        for (Iterator<Map.Entry<String, TimedOutlook>> it = outlooks.iterator(); it.hasNext(); ) {
            Map.Entry<String, TimedOutlook> e = it.next();
            if (e.getKey().startsWith(prefix)) {
                known.add(e.getValue().toOutlook(e.getKey().substring(prefix.length())));
                it.remove();
            }
        }
        judgeEndedWindows(windows.intervalId(decidedAt), ctx);
        growByLiveTraffic(windowId, decidedAt, known);
        for (SegmentOutlook o : known) {
            plannedUppers.put(windowId + "/" + o.segmentId, o.upperRows);
            plannedExpected.put(windowId + "/" + o.segmentId, o.expectedRows);
        }
        WindowPlan plan = planner.plan(windows.startMillis(windowId), windows.endMillis(windowId), known);
        placement.stamp(plan);
        plan.hotUsers = hotUsers(plan, known, decidedAt);
        plan.finalThroughMillis = splitRule.finalThrough(plan, decidedAt);
        if (splitRule.enabled()) {
            // A window planned after some of its hours closed (sighted behind the chain, or event time jumped): their
            // split checks ran before the plan existed. Run them again, in order, at the next watermark, or its
            // records past the first version would wait for versions that never come.
            long watermark = ctx.timerService().currentWatermark();
            for (long end = windows.startMillis(windowId) + HOUR_MILLIS;
                 end <= Math.min(watermark, windows.endMillis(windowId)); end += HOUR_MILLIS) {
                ctx.timerService().registerEventTimeTimer(end);
            }
        }
        plans.put(windowId, plan);
        out.collect(plan);
        LOG.info("window {} planned at {}: {} tables, final through {}", Instant.ofEpochMilli(plan.windowStartMillis),
                Instant.ofEpochMilli(decidedAt), plan.tables.length, SplitRule.finalThroughText(plan));
        for (TablePlan t : plan.tables) {
            ctx.output(ALLOCATIONS, AllocationCommand.create(t, plan.windowStartMillis, plan.windowEndMillis));
        }
        windowsPlanned.inc();
        if (plan.tightened) {
            tightenedPlans.inc();
        }
        lastPlanTables = plan.tables.length;
        lastPlanHotUsers = plan.hotUsers.length;
    }

    /**
     * When an hour closes (event time {@code hourEnd}): for the window it closed in, the split each of its segments'
     * counts of that hour calls for ({@link SplitRule}), and the plan made final for one more hour; a changed plan goes
     * out again as a new version (with a CREATE for a new shard's table). Only hours closed by now count, so a run of
     * the stream read again makes the same versions.
     */
    private void checkSplits(long hourEnd, OnTimerContext ctx, Collector<WindowPlan> out) throws Exception {
        long windowId = windows.intervalId(hourEnd - 1);
        WindowPlan plan = plans.get(windowId);
        if (plan == null) {
            return;
        }
        askToMoveSplitRows(plan, hourEnd, ctx);
        if (plan.finalThroughMillis == 0) {
            return;
        }
        long hour = hourEnd / HOUR_MILLIS - 1;
        String prefix = windowId + "/";
        String suffix = "/" + hour;
        List<String> segments = new ArrayList<>();
        Map<String, Long> counts = new HashMap<>();
        for (Map.Entry<String, Long> e : closedHours.entries()) {
            if (e.getKey().startsWith(prefix) && e.getKey().endsWith(suffix)) {
                String segment = e.getKey().substring(prefix.length(), e.getKey().length() - suffix.length());
                segments.add(segment);
                counts.put(segment, e.getValue());
            }
        }
        segments.sort(null);  // the order splits are recorded in: the same on every run
        WindowPlan next = SplitRule.copy(plan);
        for (String segment : segments) {
            SegmentSplit split = splitRule.decide(next, segment, counts.get(segment), hourEnd);
            if (split != null) {
                next = SplitRule.apply(next, split);
                TablePlan added = next.tables[next.tables.length - 1];
                ctx.output(ALLOCATIONS, AllocationCommand.create(added, next.windowStartMillis, next.windowEndMillis));
                shardSplits.inc();
            }
        }
        next.finalThroughMillis = splitRule.finalThrough(next, hourEnd);
        plans.put(windowId, next);
        out.collect(next);
        LOG.info("plan of window {} at hour end {}: final through {}, {} splits", Instant.ofEpochMilli(
                next.windowStartMillis), Instant.ofEpochMilli(hourEnd), SplitRule.finalThroughText(next),
                next.splits.length);
    }

    /**
     * For each split of the plan that switched an hour or more before {@code hourEnd} — by then the sources have sent
     * every record from before the switch that is not late — asks the table manager (once) to move the moved keys'
     * rows from before the switch into the new shard's table. The table manager runs the move once the next
     * checkpoint completes: those records may still be on their way to the hot table, in the routing branch.
     */
    private void askToMoveSplitRows(WindowPlan plan, long hourEnd, OnTimerContext ctx) throws Exception {
        for (int i = 0; i < plan.splits.length; i++) {
            SegmentSplit split = plan.splits[i];
            List<TablePlan> tables = plan.tablesOf(split.segmentId);
            String target = tables.get(split.newShard).table;
            if (split.switchAtMillis + HOUR_MILLIS > hourEnd || splitMovesAsked.contains(target)) {
                continue;
            }
            ctx.output(ALLOCATIONS, SplitRule.moveRowsCommand(plan, i));
            splitMovesAsked.put(target, Boolean.TRUE);
        }
    }

    /**
     * The users of segments with several shards in this plan whose busiest hour among the {@value #HOT_LOOKBACK_HOURS}
     * closed by the decision makes them hot ({@link HotKeyRule#choose}). Only hours closed by the decision time count,
     * so the same run of the stream always gives the same list. Drops hours no later decision can use.
     */
    private HotUser[] hotUsers(WindowPlan plan, List<SegmentOutlook> known, long decidedAt) throws Exception {
        long firstHour = Math.floorDiv(decidedAt, HOUR_MILLIS) - HOT_LOOKBACK_HOURS;
        Map<String, Map<String, Long>> peaks = new HashMap<>();
        for (Iterator<UserHourCount> it = busyUserHours.values().iterator(); it.hasNext(); ) {
            UserHourCount u = it.next();
            if (u.hour < firstHour - HOT_LOOKBACK_HOURS) {
                it.remove();
            } else if (u.hour >= firstHour && SegmentHourCount.endOf(u.hour) <= decidedAt) {
                peaks.computeIfAbsent(u.segmentId, s -> new HashMap<>()).merge(u.userId, u.count, Math::max);
            }
        }
        Map<String, Double> expected = new HashMap<>();
        for (SegmentOutlook o : known) {
            expected.put(o.segmentId, o.expectedRows);
        }
        return hotKeys.choose(plan, peaks, expected);
    }
}
