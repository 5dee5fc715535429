package io.tablecast.job.schedule;

import io.tablecast.connectors.cql.AllocationCommand;
import io.tablecast.connectors.model.SegmentForecast;
import io.tablecast.connectors.model.SegmentSplit;
import io.tablecast.connectors.model.TablePlan;
import io.tablecast.connectors.model.WindowOutcome;
import io.tablecast.connectors.model.WindowPlan;
import io.tablecast.job.forecast.SegmentHourCount;
import io.tablecast.job.forecast.UserHourCount;
import io.tablecast.job.operators.WindowSighting;
import io.tablecast.job.routing.ShardPlacement;
import io.tablecast.job.routing.TimeWindows;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class WindowSchedulerTest {
    private static final long HOUR = 3_600_000L;
    private static final TimeWindows DAYS = new TimeWindows(Duration.ofDays(1));
    private static final long DAY0 = DAYS.intervalId(Instant.parse("2026-11-25T00:00:00Z").toEpochMilli());
    private static final long LEAD = 2 * HOUR;
    private static final PlanningLimits LIMITS = new PlanningLimits(1_000_000, 8, 50);
    private static final ShardPlacement PLACEMENT = new ShardPlacement(Duration.ofMinutes(1), 64);
    private static final HotKeyRule HOT_KEYS = new HotKeyRule(0.002, Duration.ofMinutes(1), LIMITS.rowsPerTable);
    private static final SplitRule NO_SPLITS = new SplitRule(0, Duration.ofHours(2), 16, 50);

    private static KeyedTwoInputStreamOperatorTestHarness<Integer, VolumeSignal, WindowSighting, WindowPlan>
            harness() throws Exception {
        return harness(NO_SPLITS);
    }

    private static KeyedTwoInputStreamOperatorTestHarness<Integer, VolumeSignal, WindowSighting, WindowPlan>
            harness(SplitRule splits) throws Exception {
        var h = new KeyedTwoInputStreamOperatorTestHarness<>(new KeyedCoProcessOperator<>(
                new WindowScheduler(DAYS, LIMITS, PLACEMENT, HOT_KEYS, splits, Duration.ofMillis(LEAD),
                        Duration.ofDays(30), 1, Duration.ofMinutes(1))),
                f -> 0, s -> 0, Types.INT);
        h.open();
        return h;
    }

    /** A forecast issued at {@code issuedAt} of {@code perHour} rows every hour for a week. */
    private static SegmentForecast forecast(String segment, long issuedAt, double perHour) {
        double[] point = new double[168];
        double[] upper = new double[168];
        Arrays.fill(point, perHour);
        Arrays.fill(upper, perHour * 1.2);
        long firstHour = Math.floorDiv(issuedAt, HOUR) + 1;
        return new SegmentForecast(segment, firstHour, issuedAt, firstHour, point, upper, null, "test", null);
    }

    private static long decision(long windowId) {
        return DAYS.startMillis(windowId) - LEAD;
    }

    private static void sendForecast(KeyedTwoInputStreamOperatorTestHarness<Integer, VolumeSignal,
            WindowSighting, WindowPlan> h, SegmentForecast f) throws Exception {
        h.processElement1(new StreamRecord<>(VolumeSignal.of(f), f.issuedAtMillis));
    }

    private static void sight(KeyedTwoInputStreamOperatorTestHarness<Integer, VolumeSignal, WindowSighting,
            WindowPlan> h, String segment, long windowId) throws Exception {
        h.processElement2(new StreamRecord<>(new WindowSighting(segment, windowId), DAYS.startMillis(windowId)));
    }

    private static List<String> tablesOf(WindowPlan plan, String segment) {
        return plan.tablesOf(segment).stream().map(t -> t.table).collect(Collectors.toList());
    }

    @Test
    void decidesEachWindowLeadBeforeItBeginsFromTheForecastsIssuedByThen() throws Exception {
        try (var h = harness()) {
            long issued = decision(DAY0 + 1) - 5 * HOUR;
            sendForecast(h, forecast("busy", issued, 100_000));  // 2.4 M rows a day: 3 shards of 1 M
            sendForecast(h, forecast("small", issued, 1_000));
            // Issued after the decision for DAY0 + 1: must not change that day's plan, only the next.
            sendForecast(h, forecast("late", decision(DAY0 + 1) + HOUR, 100_000));
            sight(h, "busy", DAY0 + 1);  // records of that day are flowing: plan it and the one after

            h.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(decision(DAY0 + 1) - 1));
            List<WindowPlan> before = h.extractOutputValues();
            assertThat(before).extracting(p -> p.windowStartMillis).doesNotContain(DAYS.startMillis(DAY0 + 1));

            h.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(decision(DAY0 + 1)));
            WindowPlan plan = h.extractOutputValues().stream()
                    .filter(p -> p.windowStartMillis == DAYS.startMillis(DAY0 + 1)).findFirst().orElseThrow();
            assertThat(tablesOf(plan, "busy")).containsExactly("tx_202611260000_sbusy_00", "tx_202611260000_sbusy_01",
                    "tx_202611260000_sbusy_02");
            assertThat(tablesOf(plan, "small")).containsExactly("tx_202611260000_p000");
            assertThat(tablesOf(plan, "late")).containsExactly("tx_202611260000_shared");
            // The window keeps the placement in force when it was planned, whatever the configuration says later.
            assertThat(plan.routing).isEqualTo(ShardPlacement.RING);
            assertThat(plan.routingIntervalMillis).isEqualTo(60_000L);
            assertThat(plan.virtualNodes).isEqualTo(64);

            List<AllocationCommand> creates = h.getSideOutput(WindowScheduler.ALLOCATIONS).stream()
                    .map(StreamRecord::getValue)
                    .filter(c -> c.windowStartMillis == DAYS.startMillis(DAY0 + 1)).collect(Collectors.toList());
            assertThat(creates).extracting(c -> c.table).containsExactlyInAnyOrderElementsOf(
                    plan.tableList().stream().map(t -> t.table).collect(Collectors.toList()));
            assertThat(creates).filteredOn(c -> c.table.equals("tx_202611260000_p000")).singleElement()
                    .satisfies(c -> {
                        assertThat(c.segmentIds).containsExactly("small");
                        assertThat(c.reason).isEqualTo(TablePlan.PACKED);
                        assertThat(c.plannedRows).isBetween(24_000L, 30_000L);
                    });

            // The next day sees the late forecast.
            h.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(decision(DAY0 + 2)));
            WindowPlan next = h.extractOutputValues().stream()
                    .filter(p -> p.windowStartMillis == DAYS.startMillis(DAY0 + 2)).findFirst().orElseThrow();
            assertThat(tablesOf(next, "late")).hasSize(3);
        }
    }

    @Test
    void aUserWhoseBusiestHourWouldWeighOnAShardIsNamedHotWithBucketsEnoughToSpreadIt() throws Exception {
        try (var h = harness()) {
            long decided = decision(DAY0 + 1);
            long decidedHour = decided / HOUR;
            sendForecast(h, forecast("busy", decided - 5 * HOUR, 100_000));  // 2.4 M a day on 3 shards: 800 k each
            sendForecast(h, forecast("small", decided - 5 * HOUR, 1_000));
            // busy's whale peaked at 300 k an hour: 5 000 a minute against 0.2 % of 800 k, 1 600: 4 buckets.
            busyHour(h, "busy", "whale", decidedHour - 3, 300_000);
            busyHour(h, "busy", "whale", decidedHour - 2, 100_000);
            busyHour(h, "busy", "dolphin", decidedHour - 2, 90_000);   // 1 500 a minute: under the share
            busyHour(h, "small", "whale", decidedHour - 2, 300_000);   // one table: nothing to spread over
            busyHour(h, "busy", "ghost", decidedHour - 30, 1_000_000); // older than a day
            busyHour(h, "busy", "early", decidedHour, 1_000_000);      // closes after the decision
            sight(h, "busy", DAY0 + 1);
            h.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(decided));
            WindowPlan plan = h.extractOutputValues().stream()
                    .filter(p -> p.windowStartMillis == DAYS.startMillis(DAY0 + 1)).findFirst().orElseThrow();
            assertThat(plan.hotUsers).extracting(Object::toString).containsExactly("busy/whalex4");
        }
    }

    @Test
    void withSplitsOnAPlanIsFinalHourByHourAndAnOverrunHourSplitsAShardLeadLater() throws Exception {
        try (var h = harness(new SplitRule(2, Duration.ofHours(2), 16, 50))) {
            long day = DAY0 + 1;
            long start = DAYS.startMillis(day);
            sendForecast(h, forecast("busy", decision(day) - 5 * HOUR, 100_000));  // 3 shards of ~1 M a day
            sight(h, "busy", day);
            h.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(decision(day)));
            WindowPlan first = plansOf(h, start).get(0);
            assertThat(first.finalThroughMillis).isEqualTo(start + 3 * HOUR);
            long perHour = first.tablesOf("busy").get(0).plannedRows / 24;

            // Hour 0 at the planned pace: a new version, final one hour further, no split.
            h.processElement1(new StreamRecord<>(VolumeSignal.of(new SegmentHourCount("busy", start / HOUR,
                    3 * perHour)), start + HOUR - 1));
            h.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(start + HOUR));
            WindowPlan second = plansOf(h, start).get(1);
            assertThat(second.finalThroughMillis).isEqualTo(start + 4 * HOUR);
            assertThat(second.splits).isEmpty();

            // Hour 1 at 3 × the pace: shard split, switching two hours after the hour closed; its table asked for.
            h.processElement1(new StreamRecord<>(VolumeSignal.of(new SegmentHourCount("busy", start / HOUR + 1,
                    9 * perHour)), start + 2 * HOUR - 1));
            h.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(start + 2 * HOUR));
            WindowPlan third = plansOf(h, start).get(2);
            assertThat(third.splits).singleElement().satisfies(s -> {
                assertThat(s.newShard).isEqualTo(3);
                assertThat(s.switchAtMillis).isEqualTo(start + 4 * HOUR);
            });
            assertThat(third.finalThroughMillis).isEqualTo(start + 5 * HOUR);
            assertThat(tablesOf(third, "busy")).hasSize(4).last().isEqualTo("tx_202611260000_sbusy_03");
            assertThat(h.getSideOutput(WindowScheduler.ALLOCATIONS)).extracting(r -> r.getValue().table)
                    .contains("tx_202611260000_sbusy_03");

            // An hour after the switch (4:00) the rows from before it are asked to move, once.
            for (int hour = 2; hour < 8; hour++) {
                h.processElement1(new StreamRecord<>(VolumeSignal.of(new SegmentHourCount("busy",
                        start / HOUR + hour, 3 * perHour)), start + (hour + 1) * HOUR - 1));
                h.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(
                        start + (hour + 1) * HOUR));
                long moves = h.getSideOutput(WindowScheduler.ALLOCATIONS).stream().map(StreamRecord::getValue)
                        .filter(c -> c.kind == AllocationCommand.Kind.MOVE_SPLIT_ROWS).count();
                assertThat(moves).as("after hour %d", hour).isEqualTo(hour + 1 >= 5 ? 1 : 0);
            }
            AllocationCommand move = h.getSideOutput(WindowScheduler.ALLOCATIONS).stream().map(StreamRecord::getValue)
                    .filter(c -> c.kind == AllocationCommand.Kind.MOVE_SPLIT_ROWS).findFirst().orElseThrow();
            SegmentSplit split = third.splits[0];
            assertThat(move.table).isEqualTo(third.tablesOf("busy").get(split.hotShard).table);
            assertThat(move.targetTable).isEqualTo("tx_202611260000_sbusy_03");
            assertThat(move.switchAtMillis).isEqualTo(start + 4 * HOUR);
            // The ranges are the keys the split ring gives the new shard.
            var ring = io.tablecast.job.routing.HashRing.of(3, 64).balancedByArcLength(0.02);
            java.util.SplittableRandom random = new java.util.SplittableRandom(1);
            for (int i = 0; i < 500; i++) {
                long key = random.nextLong();
                assertThat(move.moved.contains(key)).isEqualTo(ring.split(split.hotShard).shardOf(key) == 3);
            }
        }
    }

    @Test
    void withSplitsOnAWindowPlannedAfterItsHoursClosedIsExtendedHourByHourAtTheNextWatermark() throws Exception {
        try (var h = harness(new SplitRule(2, Duration.ofHours(2), 16, 50))) {
            sendForecast(h, forecast("busy", decision(DAY0 + 5) - HOUR, 100_000));
            sight(h, "busy", DAY0 + 5);
            h.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(decision(DAY0 + 5)));
            h.processElement2(new StreamRecord<>(new WindowSighting("busy", DAY0), DAYS.startMillis(DAY0)));
            h.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(decision(DAY0 + 5) + 1));
            h.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(decision(DAY0 + 5) + 2));
            List<WindowPlan> old = plansOf(h, DAYS.startMillis(DAY0));
            assertThat(old.get(0).finalThroughMillis).isEqualTo(DAYS.startMillis(DAY0) + 3 * HOUR);
            assertThat(old.get(old.size() - 1).finalThroughMillis).as("final for good by its last hours").isZero();
            assertThat(plansOf(h, DAYS.startMillis(DAY0 + 5))).singleElement()
                    .satisfies(p -> assertThat(p.finalThroughMillis).isEqualTo(DAYS.startMillis(DAY0 + 5) + 3 * HOUR));
        }
    }

    private static List<WindowPlan> plansOf(KeyedTwoInputStreamOperatorTestHarness<Integer, VolumeSignal,
            WindowSighting, WindowPlan> h, long windowStart) {
        return h.extractOutputValues().stream().filter(p -> p.windowStartMillis == windowStart)
                .collect(Collectors.toList());
    }

    private static void busyHour(KeyedTwoInputStreamOperatorTestHarness<Integer, VolumeSignal, WindowSighting,
            WindowPlan> h, String segment, String user, long hour, long count) throws Exception {
        h.processElement1(new StreamRecord<>(VolumeSignal.of(new UserHourCount(segment, user, hour, count)),
                (hour + 1) * HOUR));
    }

    @Test
    void aWindowSightedBehindTheChainIsPlannedOnItsOwnWithTheSharedTable() throws Exception {
        try (var h = harness()) {
            sendForecast(h, forecast("busy", decision(DAY0 + 5) - HOUR, 100_000));
            sight(h, "busy", DAY0 + 5);
            h.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(decision(DAY0 + 5)));
            h.processElement2(new StreamRecord<>(new WindowSighting("busy", DAY0), DAYS.startMillis(DAY0)));
            h.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(decision(DAY0 + 5) + 1));
            WindowPlan old = h.extractOutputValues().stream()
                    .filter(p -> p.windowStartMillis == DAYS.startMillis(DAY0)).findFirst().orElseThrow();
            // Nothing was forecast for that day before its decision time: everyone goes to the shared table.
            assertThat(tablesOf(old, "busy")).containsExactly("tx_202611250000_shared");
            assertThat(old.tableList()).hasSize(1);
        }
    }

    @Test
    void aRestartDecidesTheSameAsARunWithoutOne() throws Exception {
        long issued = decision(DAY0 + 1) - 5 * HOUR;
        List<String> straight;
        try (var h = harness()) {
            sendForecast(h, forecast("busy", issued, 100_000));
            sight(h, "busy", DAY0 + 1);
            sendForecast(h, forecast("small", issued, 1_000));
            h.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(decision(DAY0 + 2)));
            straight = h.extractOutputValues().stream().map(p -> p.tableList().toString()).collect(Collectors.toList());
        }
        OperatorSubtaskState checkpoint;
        try (var h = harness()) {
            sendForecast(h, forecast("busy", issued, 100_000));
            sight(h, "busy", DAY0 + 1);
            checkpoint = h.snapshot(1, 1);
        }
        try (var h = new KeyedTwoInputStreamOperatorTestHarness<>(new KeyedCoProcessOperator<>(
                new WindowScheduler(DAYS, LIMITS, PLACEMENT, HOT_KEYS, NO_SPLITS, Duration.ofMillis(LEAD), Duration.ofDays(30), 1,
                        Duration.ofMinutes(1))),
                (VolumeSignal f) -> 0, (WindowSighting s) -> 0, Types.INT)) {
            h.initializeState(checkpoint);
            h.open();
            sendForecast(h, forecast("small", issued, 1_000));
            h.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(decision(DAY0 + 2)));
            assertThat(h.extractOutputValues().stream().map(p -> p.tableList().toString()).collect(Collectors.toList()))
                    .isEqualTo(straight);
        }
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void withSplitsOnTheEndOfABoundedInputStillStopsOneWindowPastTheData() throws Exception {
        // A plan made at the final watermark re-runs its window's hourly split checks; with a lead of whole hours
        // one of those timers is the next window's decision time. That must not plan it: the next window's hours
        // would do the same for the one after, without end (scripts/bench planned into 2034 and never finished).
        try (var h = harness(new SplitRule(2, Duration.ofHours(2), 16, 50))) {
            sight(h, "busy", DAY0);
            sight(h, "busy", DAY0 + 2);
            h.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(Long.MAX_VALUE));
            assertThat(h.extractOutputValues().stream().map(p -> DAYS.intervalId(p.windowStartMillis)).distinct())
                    .containsExactly(DAY0, DAY0 + 1, DAY0 + 2, DAY0 + 3);
        }
    }

    @Test
    void theEndOfABoundedInputPlansOneWindowPastTheDataAndStops() throws Exception {
        try (var h = harness()) {
            sight(h, "busy", DAY0);
            sight(h, "busy", DAY0 + 2);
            h.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(Long.MAX_VALUE));
            assertThat(h.extractOutputValues()).extracting(p -> DAYS.intervalId(p.windowStartMillis))
                    .containsExactly(DAY0, DAY0 + 1, DAY0 + 2, DAY0 + 3);
        }
    }

    @Test
    void aSegmentWhoseTrafficJumpsGetsMoreCapacityAtTheNextDecision() throws Exception {
        try (var h = harness()) {
            // Forecast: 1 000 rows an hour, a small segment (24 k a day, packed).
            sendForecast(h, forecast("jumpy", decision(DAY0) - HOUR, 1_000));
            sight(h, "jumpy", DAY0);
            // Live: 50 000 an hour in the first 20 hours of DAY0, 1.2 M a day at that pace.
            for (long hour = DAYS.startMillis(DAY0) / HOUR; hour < DAYS.startMillis(DAY0) / HOUR + 20; hour++) {
                h.processElement1(new StreamRecord<>(VolumeSignal.of(new SegmentHourCount("jumpy", hour, 50_000)),
                        (hour + 1) * HOUR));
            }
            // Closed after the decision for DAY0 + 1 (22:00 of DAY0): must not count.
            h.processElement1(new StreamRecord<>(VolumeSignal.of(new SegmentHourCount("jumpy",
                    DAYS.startMillis(DAY0) / HOUR + 22, 9_000_000)), DAYS.startMillis(DAY0) + 23 * HOUR));
            h.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(decision(DAY0 + 1)));
            WindowPlan next = h.extractOutputValues().stream()
                    .filter(p -> p.windowStartMillis == DAYS.startMillis(DAY0 + 1)).findFirst().orElseThrow();
            // 1.2 M x 1.2 headroom = 1.44 M rows: two shards of its own (not the pack its forecast alone would get,
            // and not the ~10 shards the late 9 M hour would call for).
            assertThat(tablesOf(next, "jumpy")).containsExactly("tx_202611260000_sjumpy_00",
                    "tx_202611260000_sjumpy_01");
            assertThat(next.tablesOf("jumpy").get(0).plannedRows).isEqualTo(720_000);
        }
    }

    @Test
    void trafficThatWasForeseenDoesNotCarryOverIntoTheNextWindow() throws Exception {
        try (var h = harness()) {
            // A promotion known in advance: 50 000 rows an hour on DAY0, 1 000 an hour after it.
            long issued = decision(DAY0) - HOUR;
            SegmentForecast f = forecast("promo", issued, 1_000);
            for (int i = 0; i < f.point.length; i++) {
                if (windowOfHour(f.firstHour + i) == DAY0) {
                    f.point[i] = 50_000;
                    f.upper[i] = 60_000;
                }
            }
            sendForecast(h, f);
            sight(h, "promo", DAY0);
            for (long hour = DAYS.startMillis(DAY0) / HOUR; hour < DAYS.startMillis(DAY0) / HOUR + 20; hour++) {
                h.processElement1(new StreamRecord<>(VolumeSignal.of(new SegmentHourCount("promo", hour, 50_000)),
                        (hour + 1) * HOUR));
            }
            h.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(decision(DAY0 + 1)));
            WindowPlan next = h.extractOutputValues().stream()
                    .filter(p -> p.windowStartMillis == DAYS.startMillis(DAY0 + 1)).findFirst().orElseThrow();
            // The day ran as planned: the next day is sized by its own forecast (24 k rows), packed.
            assertThat(tablesOf(next, "promo")).containsExactly("tx_202611260000_p000");
        }
    }

    @Test
    void eachEndedWindowIsJudgedAgainstTheBoundItsPlanWasSizedBy() throws Exception {
        try (var h = harness()) {
            long issued = decision(DAY0) - HOUR;
            sendForecast(h, forecast("steady", issued, 1_000));
            sendForecast(h, forecast("surging", issued, 1_000));
            sight(h, "steady", DAY0);
            sight(h, "surging", DAY0 + 1);
            WindowBoundTally tally = ((WindowScheduler) ((KeyedCoProcessOperator<?, ?, ?, ?>) h.getOperator())
                    .getUserFunction()).boundTally();
            for (long hour = DAYS.startMillis(DAY0) / HOUR; hour < DAYS.endMillis(DAY0) / HOUR; hour++) {
                h.processElement1(new StreamRecord<>(VolumeSignal.of(new SegmentHourCount("steady", hour, 1_000)),
                        (hour + 1) * HOUR));
                h.processElement1(new StreamRecord<>(VolumeSignal.of(new SegmentHourCount("surging", hour, 3_000)),
                        (hour + 1) * HOUR));
            }
            h.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(decision(DAY0 + 1)));
            assertThat(tally.within() + tally.over()).as("DAY0 has not ended").isZero();
            assertThat(tally.coverage()).isNaN();
            h.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(decision(DAY0 + 2)));
            // 24 000 rows against a bound of about 25 000; 72 000 against the same.
            assertThat(tally.within()).isEqualTo(1);
            assertThat(tally.over()).isEqualTo(1);
            assertThat(tally.coverage()).isEqualTo(0.5);
            // And each is written out, named: the sink keeps them per segment.
            List<WindowOutcome> outcomes = h.getSideOutput(WindowScheduler.OUTCOMES).stream()
                    .map(StreamRecord::getValue).sorted(java.util.Comparator.comparing(o -> o.segmentId))
                    .collect(Collectors.toList());
            assertThat(outcomes).extracting(o -> o.segmentId).containsExactly("steady", "surging");
            WindowOutcome steady = outcomes.get(0);
            assertThat(steady.windowStartMillis).isEqualTo(DAYS.startMillis(DAY0));
            assertThat(steady.windowEndMillis).isEqualTo(DAYS.endMillis(DAY0));
            assertThat(steady.receivedRows).isEqualTo(24_000);
            assertThat(steady.expectedRows).isEqualTo(24_000);
            assertThat(steady.plannedUpperRows).isBetween(24_000.0, 27_000.0);
            assertThat(steady.sizedByLiveTraffic).isFalse();
            assertThat(outcomes.get(1).receivedRows).isEqualTo(72_000);
            assertThat(outcomes.get(1).plannedUpperRows).isEqualTo(steady.plannedUpperRows);
        }
    }

    @Test
    void aWindowSizedByLiveTrafficSaysSoInItsOutcome() throws Exception {
        try (var h = harness()) {
            sendForecast(h, forecast("jumping", decision(DAY0) - HOUR, 1_000));
            sight(h, "jumping", DAY0);
            // The whole of DAY0 at three times its forecast: DAY0 + 1 is sized by that pace.
            for (long hour = DAYS.startMillis(DAY0) / HOUR; hour < DAYS.endMillis(DAY0) / HOUR; hour++) {
                h.processElement1(new StreamRecord<>(VolumeSignal.of(new SegmentHourCount("jumping", hour, 3_000)),
                        (hour + 1) * HOUR));
                h.processElement1(new StreamRecord<>(VolumeSignal.of(new SegmentHourCount("jumping",
                        hour + 24, 3_000)), (hour + 25) * HOUR));
            }
            sight(h, "jumping", DAY0 + 1);
            sight(h, "jumping", DAY0 + 2);  // so that DAY0 + 3 is decided, after DAY0 + 1 ended
            h.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(decision(DAY0 + 3)));
            List<WindowOutcome> outcomes = h.getSideOutput(WindowScheduler.OUTCOMES).stream()
                    .map(StreamRecord::getValue).collect(Collectors.toList());
            assertThat(outcomes).extracting(o -> o.windowStartMillis, o -> o.sizedByLiveTraffic, o -> o.receivedRows)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple(DAYS.startMillis(DAY0), false, 72_000L),
                            org.assertj.core.groups.Tuple.tuple(DAYS.startMillis(DAY0 + 1), true, 72_000L));
            assertThat(outcomes.get(1).plannedUpperRows).isGreaterThanOrEqualTo(72_000);
            assertThat(outcomes.get(1).expectedRows).as("the pace's projection").isEqualTo(72_000);
        }
    }

    private static long windowOfHour(long hour) {
        return DAYS.intervalId(hour * HOUR);
    }

    @Test
    void aJumpPartWayThroughTheWindowIsSizedByItsRecentPaceNotTheDaysMean() throws Exception {
        try (var h = harness()) {
            sendForecast(h, forecast("jumpy", decision(DAY0) - HOUR, 1_000));
            sight(h, "jumpy", DAY0);
            long first = DAYS.startMillis(DAY0) / HOUR;
            for (long hour = first; hour < first + 22; hour++) {  // 1 000 an hour, 20 000 from 12:00
                long rows = hour < first + 12 ? 1_000 : 20_000;
                h.processElement1(new StreamRecord<>(VolumeSignal.of(new SegmentHourCount("jumpy", hour, rows)),
                        (hour + 1) * HOUR));
            }
            h.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(decision(DAY0 + 1)));
            WindowPlan next = h.extractOutputValues().stream()
                    .filter(p -> p.windowStartMillis == DAYS.startMillis(DAY0 + 1)).findFirst().orElseThrow();
            // The day's mean (9.6 k an hour) would plan 276 k rows; the last six hours' 20 k an hour plan 576 k.
            assertThat(next.tablesOf("jumpy").get(0).plannedRows).isEqualTo(576_000);
        }
    }

    @Test
    void aLevelShiftKeepsItsLiveSizingUntilTheForecastCatchesUp() throws Exception {
        try (var h = harness()) {
            // The forecast stays at 1 000 an hour; the segment runs at 30 000 an hour from DAY0 on.
            sendForecast(h, forecast("shifted", decision(DAY0) - HOUR, 1_000));
            sight(h, "shifted", DAY0);
            long first = DAYS.startMillis(DAY0) / HOUR;
            for (long hour = first; hour < first + 48; hour++) {
                h.processElement1(new StreamRecord<>(VolumeSignal.of(new SegmentHourCount("shifted", hour,
                        30_000)), (hour + 1) * HOUR));
                if (hour == first + 21) {
                    h.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(
                            decision(DAY0 + 1)));
                }
            }
            sight(h, "shifted", DAY0 + 1);
            h.processBothWatermarks(new org.apache.flink.streaming.api.watermark.Watermark(decision(DAY0 + 2)));
            WindowPlan second = h.extractOutputValues().stream()
                    .filter(p -> p.windowStartMillis == DAYS.startMillis(DAY0 + 2)).findFirst().orElseThrow();
            // DAY0 + 1 ran as its grown plan said (within 864 k), yet the forecast still says 24 k:
            // DAY0 + 2 is sized by the pace again, not shrunk back to a pack.
            assertThat(second.tablesOf("shifted").get(0).segments).containsExactly("shifted");
            assertThat(second.tablesOf("shifted").get(0).plannedRows).isEqualTo(864_000);
        }
    }
}
