package io.tablecast.job.operators;

import io.tablecast.connectors.cql.AllocationCommand;
import io.tablecast.job.routing.StableHashShardRouter;
import io.tablecast.job.routing.TimeWindows;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class PremakePlannerTest {
    private static final TimeWindows DAYS = new TimeWindows(Duration.ofDays(1));
    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final long NOW = Instant.parse("2026-11-25T10:00:00Z").toEpochMilli();
    private static final long TODAY = DAYS.intervalId(NOW);

    private static KeyedOneInputStreamOperatorTestHarness<String, WindowSighting, AllocationCommand> harness()
            throws Exception {
        PremakePlanner planner = new PremakePlanner(DAYS, new StableHashShardRouter(2), 2, Duration.ofMinutes(1),
                Duration.ofDays(3), Duration.ofDays(30));
        KeyedOneInputStreamOperatorTestHarness<String, WindowSighting, AllocationCommand> h =
                ProcessFunctionTestHarnesses.forKeyedProcessFunction(planner, s -> s.segmentId, Types.STRING);
        h.setProcessingTime(NOW);
        return h;
    }

    private static List<String> tables(KeyedOneInputStreamOperatorTestHarness<String, ?, AllocationCommand> h) {
        return h.extractOutputValues().stream().map(c -> c.table).collect(Collectors.toList());
    }

    @Test
    void aLiveSegmentGetsTodayAndTheNextWindowsForEveryShard() throws Exception {
        try (var h = harness()) {
            h.processElement(new WindowSighting("retail", TODAY), NOW);
            assertThat(tables(h)).containsExactly(
                    "tx_202611250000_sretail_00", "tx_202611250000_sretail_01",
                    "tx_202611260000_sretail_00", "tx_202611260000_sretail_01",
                    "tx_202611270000_sretail_00", "tx_202611270000_sretail_01");
            assertThat(h.extractOutputValues()).allSatisfy(c -> {
                assertThat(c.kind).isEqualTo(AllocationCommand.Kind.CREATE);
                assertThat(c.windowEndMillis - c.windowStartMillis).isEqualTo(DAY);
                assertThat(c.shardCount).isEqualTo(2);
            });
        }
    }

    @Test
    void aBackfillGetsItsOwnWindowsAndNothingIsPlannedTwice() throws Exception {
        try (var h = harness()) {
            h.processElement(new WindowSighting("retail", TODAY - 10), NOW);
            h.processElement(new WindowSighting("retail", TODAY - 10), NOW);
            h.processElement(new WindowSighting("retail", TODAY - 9), NOW);
            List<String> tables = tables(h);
            assertThat(tables).doesNotHaveDuplicates().hasSize(2 * (3 + 1 + 3));
            assertThat(tables).contains("tx_202611150000_sretail_00", "tx_202611180000_sretail_01",
                    "tx_202611270000_sretail_01");
        }
    }

    @Test
    void theClockKeepsPremakingWithoutTraffic() throws Exception {
        try (var h = harness()) {
            h.processElement(new WindowSighting("retail", TODAY), NOW);
            int before = h.extractOutputValues().size();
            h.setProcessingTime(NOW + DAY);
            assertThat(tables(h).subList(before, tables(h).size()))
                    .containsExactly("tx_202611280000_sretail_00", "tx_202611280000_sretail_01");
            assertThat(h.numProcessingTimeTimers()).isEqualTo(1);
        }
    }

    @Test
    void anIdleSegmentIsForgottenWithItsStateAndTimers() throws Exception {
        try (var h = harness()) {
            h.processElement(new WindowSighting("retail", TODAY), NOW);
            assertThat(h.numKeyedStateEntries()).isGreaterThan(0);
            h.setProcessingTime(NOW + 3 * DAY + Duration.ofMinutes(2).toMillis());
            assertThat(h.numProcessingTimeTimers()).isZero();
            assertThat(h.numKeyedStateEntries()).isZero();
        }
    }
}
