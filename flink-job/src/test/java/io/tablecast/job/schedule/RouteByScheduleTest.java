package io.tablecast.job.schedule;

import io.tablecast.connectors.model.ShardKeys;
import io.tablecast.connectors.model.HotUser;
import io.tablecast.connectors.model.RoutedTransaction;
import io.tablecast.connectors.model.SegmentSplit;
import io.tablecast.connectors.model.TablePlan;
import io.tablecast.connectors.model.Transaction;
import io.tablecast.connectors.cql.TableNames;
import io.tablecast.connectors.model.WindowPlan;
import io.tablecast.job.routing.HashRing;
import io.tablecast.job.routing.ShardPlacement;
import io.tablecast.job.routing.TimeWindows;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithNonKeyedOperator;
import org.apache.flink.streaming.util.BroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class RouteByScheduleTest {
    private static final TimeWindows DAYS = new TimeWindows(Duration.ofDays(1));
    private static final long DAY0 = DAYS.intervalId(Instant.parse("2026-11-25T00:00:00Z").toEpochMilli());
    private static final WindowPlan PLAN = new SchedulePlanner(new PlanningLimits(1_000_000, 8, 50)).plan(
            DAYS.startMillis(DAY0), DAYS.endMillis(DAY0), List.of(new SegmentOutlook("busy", 2e6, 2.5e6, 100),
                    new SegmentOutlook("small", 1e4, 2e4, 1)));

    private static RoutedTransaction record(String txnId, String segment, String user) {
        return record(txnId, segment, user, DAYS.startMillis(DAY0) + 1000);
    }

    private static RoutedTransaction record(String txnId, String segment, String user, long ts) {
        return new RoutedTransaction(new Transaction(txnId, user, ts, BigDecimal.ONE, null, null, null, segment),
                segment, DAY0, 0, null);
    }

    private static BroadcastOperatorTestHarness<RoutedTransaction, WindowPlan, RoutedTransaction> harness()
            throws Exception {
        return ProcessFunctionTestHarnesses.forBroadcastProcessFunction(
                new RouteBySchedule(DAYS, Duration.ofDays(400)), RouteBySchedule.PLANS);
    }

    private static List<String> routed(BroadcastOperatorTestHarness<RoutedTransaction, WindowPlan,
            RoutedTransaction> h) {
        return h.extractOutputValues().stream().map(r -> r.txn.txnId + "->" + r.table + "#" + r.shard)
                .collect(Collectors.toList());
    }

    @Test
    void aRecordWaitsForItsWindowsPlanThenGoesWhereThePlanSays() throws Exception {
        try (var h = harness()) {
            h.processElement(record("t1", "busy", "u1"), 1);
            assertThat(h.extractOutputValues()).isEmpty();
            h.processBroadcastElement(PLAN, 2);
            h.processElement(record("t2", "small", "u9"), 3);
            h.processElement(record("t3", "unforeseen", "u9"), 4);
            // busy has 3 shards; u1's MurmurHash3 x86_32 is 2022293920, mod 3 = 1 (computed outside Java).
            assertThat(routed(h)).containsExactly("t1->tx_202611250000_sbusy_01#1", "t2->tx_202611250000_p000#0",
                    "t3->tx_202611250000_shared#0");
        }
    }

    @Test
    void aRingPlanSpreadsAUsersMinutesOverTheSegmentsShardsAndAnUnknownRoutingStopsTheJob() throws Exception {
        WindowPlan ring = new WindowPlan(PLAN.windowStartMillis, PLAN.windowEndMillis, PLAN.tableList(), false);
        new ShardPlacement(Duration.ofMinutes(1), 64).stamp(ring);
        assertThat(ring.routing).isEqualTo(ShardPlacement.RING);
        try (var h = harness()) {
            h.processBroadcastElement(ring, 1);
            long start = DAYS.startMillis(DAY0);
            for (int minute = 0; minute < 30; minute++) {
                h.processElement(record("t" + minute, "busy", "u1", start + minute * 60_000L + 59_999), 2);
            }
            List<RoutedTransaction> out = h.extractOutputValues();
            HashRing busy = HashRing.of(3, 64).balancedByArcLength(0.02);
            for (int minute = 0; minute < 30; minute++) {
                long minuteId = (start + minute * 60_000L) / 60_000L;
                assertThat(out.get(minute).shard).as("minute %d", minute)
                        .isEqualTo(busy.shardOf(ShardKeys.keyHash("u1", minuteId)));
            }
            assertThat(out.stream().map(r -> r.shard).distinct().count()).as("one user, several shards")
                    .isEqualTo(3);
        }
        WindowPlan future = new WindowPlan(PLAN.windowStartMillis, PLAN.windowEndMillis, PLAN.tableList(), false);
        future.routing = 7;
        try (var h = harness()) {
            h.processBroadcastElement(future, 1);
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> h.processElement(record("t", "busy", "u1"), 2))
                    .hasMessageContaining("newer version");
        }
    }

    @Test
    void aHotUsersMinuteIsSpreadOverItsBucketsByTransactionIdAndOthersStayTogether() throws Exception {
        WindowPlan plan = new WindowPlan(PLAN.windowStartMillis, PLAN.windowEndMillis, PLAN.tableList(), false);
        new ShardPlacement(Duration.ofMinutes(1), 64).stamp(plan);
        plan.hotUsers = new HotUser[] {new HotUser("busy", "whale", 16)};
        long minute = DAYS.startMillis(DAY0) + 7 * 60_000L;
        HashRing busy = HashRing.of(3, 64).balancedByArcLength(0.02);
        try (var h = harness()) {
            h.processBroadcastElement(plan, 1);
            for (int i = 0; i < 200; i++) {
                h.processElement(record("w" + i, "busy", "whale", minute + i), 2);
                h.processElement(record("m" + i, "busy", "minnow", minute + i), 2);
            }
            List<RoutedTransaction> out = h.extractOutputValues();
            for (RoutedTransaction r : out) {
                int buckets = r.txn.userId.equals("whale") ? 16 : 1;
                long key = ShardKeys.keyHash(r.txn.userId, minute / 60_000L, ShardKeys.bucketOf(r.txn.txnId, buckets));
                assertThat(r.shard).as(r.txn.txnId).isEqualTo(busy.shardOf(key));
            }
            assertThat(out.stream().filter(r -> r.txn.userId.equals("whale")).map(r -> r.shard).distinct().count())
                    .as("the hot user's minute over every shard").isEqualTo(3);
            assertThat(out.stream().filter(r -> r.txn.userId.equals("minnow")).map(r -> r.shard).distinct().count())
                    .as("anyone else's minute on one").isEqualTo(1);
        }
    }

    @Test
    void aSplitMovesHalfTheHotShardsKeysToTheNewTableFromItsSwitchTimeAndNothingElse() throws Exception {
        WindowPlan plan = new WindowPlan(PLAN.windowStartMillis, PLAN.windowEndMillis, PLAN.tableList(), false);
        new ShardPlacement(Duration.ofMinutes(1), 64).stamp(plan);
        WindowPlan split = new WindowPlan(PLAN.windowStartMillis, PLAN.windowEndMillis, PLAN.tableList(), false);
        new ShardPlacement(Duration.ofMinutes(1), 64).stamp(split);
        long switchAt = DAYS.startMillis(DAY0) + 6 * 3_600_000L;
        String newTable = TableNames.windowTable("busy", PLAN.windowStartMillis, 3);
        List<TablePlan> tables = new java.util.ArrayList<>(PLAN.tableList());
        tables.add(new TablePlan(newTable, List.of("busy"), 3, 4, 0, 0, TablePlan.DEDICATED));
        split.tables = tables.toArray(new TablePlan[0]);
        split.splits = new SegmentSplit[] {new SegmentSplit("busy", 1, 3, switchAt)};

        List<RoutedTransaction> records = new java.util.ArrayList<>();
        for (int u = 0; u < 400; u++) {
            long ts = DAYS.startMillis(DAY0) + (u % 2 == 0 ? 3 : 9) * 3_600_000L + u * 1000L;  // before, after
            records.add(record("t" + u, "busy", "u" + u, ts));
        }
        List<RoutedTransaction> without = routeAll(plan, records);
        List<RoutedTransaction> with = routeAll(split, records);
        int moved = 0;
        int onHotAfter = 0;
        for (int i = 0; i < records.size(); i++) {
            boolean after = with.get(i).txn.tsMillis >= switchAt;
            int before = without.get(i).shard;
            if (!after || before != 1) {
                assertThat(with.get(i).shard).as("only the hot shard's keys move, only after the switch")
                        .isEqualTo(before);
                continue;
            }
            onHotAfter++;
            assertThat(with.get(i).shard).isIn(1, 3);
            if (with.get(i).shard == 3) {
                moved++;
                assertThat(with.get(i).table).isEqualTo(newTable);
            }
        }
        assertThat(onHotAfter).isGreaterThan(40);
        assertThat((double) moved / onHotAfter).as("about half").isBetween(0.3, 0.7);
    }

    @Test
    void aRecordPastWhereThePlanIsFinalWaitsForTheVersionThatExtendsItAndFollowsItsSplit() throws Exception {
        long start = DAYS.startMillis(DAY0);
        WindowPlan v1 = new WindowPlan(PLAN.windowStartMillis, PLAN.windowEndMillis, PLAN.tableList(), false);
        new ShardPlacement(Duration.ofMinutes(1), 64).stamp(v1);
        v1.finalThroughMillis = start + 2 * 3_600_000L;
        // The user's key in minute 4:00 lands on shard 1 on the first ring; find one that a split of shard 1 moves.
        long at = start + 4 * 3_600_000L;
        SegmentSplit split = new SegmentSplit("busy", 1, 3, at);
        WindowPlan v2 = SplitRule.apply(v1, split);
        v2.finalThroughMillis = start + 5 * 3_600_000L;
        String mover = null;
        for (int u = 0; u < 1000 && mover == null; u++) {
            long key = ShardKeys.keyHash("u" + u, at / 60_000L);
            if (HashRing.of(3, 64).balancedByArcLength(0.02).split(1).shardOf(key) == 3) {
                mover = "u" + u;
            }
        }
        try (var h = harness()) {
            h.processBroadcastElement(v1, 1);
            h.processElement(record("early", "busy", mover, start + 3_600_000L), 2);
            h.processElement(record("later", "busy", mover, at), 2);
            assertThat(routed(h)).as("the later one waits: a version could split at its time").hasSize(1);
            h.processBroadcastElement(v2, 3);
            assertThat(routed(h)).hasSize(2).last().asString().isEqualTo("later->tx_202611250000_sbusy_03#3");
        }
    }

    private static List<RoutedTransaction> routeAll(WindowPlan plan, List<RoutedTransaction> records)
            throws Exception {
        try (var h = harness()) {
            h.processBroadcastElement(plan, 1);
            for (RoutedTransaction r : records) {
                h.processElement(new RoutedTransaction(r.txn, r.segmentId, r.intervalId, 0, null), 2);
            }
            return h.extractOutputValues();
        }
    }

    @Test
    void recordsWaitingAtACheckpointAreRoutedAfterTheRestart() throws Exception {
        OperatorSubtaskState checkpoint;
        try (var h = harness()) {
            h.processElement(record("t1", "small", "u1"), 1);
            checkpoint = h.snapshot(1, 1);
        }
        try (var h = new BroadcastOperatorTestHarness<>(new CoBroadcastWithNonKeyedOperator<>(
                new RouteBySchedule(DAYS, Duration.ofDays(400)), List.of(RouteBySchedule.PLANS)), 1, 1, 0)) {
            h.initializeState(checkpoint);
            h.open();
            h.processBroadcastElement(PLAN, 2);
            assertThat(routed(h)).containsExactly("t1->tx_202611250000_p000#0");
        }
    }

    @Test
    void aRecordOlderThanEveryPlanKeptGoesToItsWindowsSharedTable() throws Exception {
        try (var h = ProcessFunctionTestHarnesses.forBroadcastProcessFunction(
                new RouteBySchedule(DAYS, Duration.ofDays(2)), RouteBySchedule.PLANS)) {
            h.processElement(record("waiting", "busy", "u1"), 1);
            WindowPlan later = new SchedulePlanner(new PlanningLimits(1_000_000, 8, 50)).plan(
                    DAYS.startMillis(DAY0 + 5), DAYS.endMillis(DAY0 + 5), List.of());
            h.processBroadcastElement(later, 2);
            h.processElement(record("late", "busy", "u1"), 3);
            assertThat(routed(h)).containsExactly("waiting->tx_202611250000_shared#0",
                    "late->tx_202611250000_shared#0");
        }
    }
}
