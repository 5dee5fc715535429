package io.tablecast.job.schedule;

import io.tablecast.connectors.model.SegmentSplit;
import io.tablecast.connectors.model.TablePlan;
import io.tablecast.connectors.model.WindowPlan;
import io.tablecast.job.routing.ShardPlacement;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SplitRuleTest {
    private static final long HOUR = 3_600_000L;
    private static final long START = 20_000L * 24 * HOUR;
    private static final SplitRule RULE = new SplitRule(2, Duration.ofHours(2), 8, 50);

    /** busy: 3 shards of 1 M rows a day (41 667 an hour each); small: a pack. */
    private static WindowPlan plan() {
        WindowPlan plan = new SchedulePlanner(new PlanningLimits(1_000_000, 8, 50)).plan(START, START + 24 * HOUR,
                List.of(new SegmentOutlook("busy", 2e6, 2.5e6, 100), new SegmentOutlook("small", 1e4, 2e4, 1)));
        new ShardPlacement(Duration.ofMinutes(1), 64).stamp(plan);
        return plan;
    }

    @Test
    void aShardExpectedAtMoreThanTheFactorTimesItsHourlyCapacityIsSplitLeadAfterTheHour() {
        WindowPlan plan = plan();
        assertThat(plan.tablesOf("busy")).hasSize(3);
        long perHour = plan.tablesOf("busy").get(0).plannedRows / 24;
        long hourEnd = START + 5 * HOUR;
        // Each shard takes about a third: 2.4 × its hourly capacity at 7.2 × per hour for the segment.
        SegmentSplit split = RULE.decide(plan, "busy", (long) (7.2 * perHour), hourEnd);
        assertThat(split).isNotNull();
        assertThat(split.newShard).isEqualTo(3);
        assertThat(split.switchAtMillis).isEqualTo(hourEnd + 2 * HOUR);
        assertThat(RULE.decide(plan, "busy", (long) (4.5 * perHour), hourEnd)).as("1.5 ×: not hot").isNull();
        assertThat(RULE.decide(plan, "small", 10_000_000, hourEnd)).as("a pack is not split").isNull();
        assertThat(RULE.decide(plan, "busy", (long) (7.2 * perHour), START + 22 * HOUR))
                .as("it would switch after the window").isNull();
        assertThat(new SplitRule(0, Duration.ofHours(2), 8, 50).decide(plan, "busy", 100 * perHour, hourEnd))
                .isNull();
    }

    @Test
    void aSplitAddsTheNewShardsTableAndTheNextSplitTakesAnUnsplitShardAnHourLater() {
        WindowPlan plan = plan();
        long perHour = plan.tablesOf("busy").get(0).plannedRows / 24;
        SegmentSplit first = RULE.decide(plan, "busy", 10 * perHour, START + 5 * HOUR);
        WindowPlan after = SplitRule.apply(plan, first);
        assertThat(plan.tables).hasSize(after.tables.length - 1);  // the plan held is not changed
        assertThat(plan.splits).isEmpty();
        TablePlan added = after.tablesOf("busy").get(3);
        assertThat(added.table).isEqualTo("tx_202410040000_sbusy_03");
        assertThat(added.plannedRows).isEqualTo(plan.tablesOf("busy").get(first.hotShard).plannedRows);
        assertThat(after.splits).containsExactly(first);
        assertThat(RULE.decide(after, "busy", 10 * perHour, START + 5 * HOUR + HOUR / 2))
                .as("one split a segment an hour").isNull();
        SegmentSplit second = RULE.decide(after, "busy", 10 * perHour, START + 6 * HOUR);
        assertThat(second.newShard).isEqualTo(4);
        assertThat(second.hotShard).as("the split shard's halves are the lightest now")
                .isNotIn(first.hotShard, first.newShard);
    }

    @Test
    void aPlanIsFinalUntilTheLeadAfterTheNextHourEndAndForGoodNearItsEnd() {
        WindowPlan plan = plan();
        // The first split can be decided when the window's first hour closes, and switches lead after it.
        assertThat(RULE.finalThrough(plan, START - HOUR)).isEqualTo(START + 3 * HOUR);
        assertThat(RULE.finalThrough(plan, START + 5 * HOUR)).isEqualTo(START + 8 * HOUR);
        assertThat(RULE.finalThrough(plan, START + 5 * HOUR + 7)).isEqualTo(START + 8 * HOUR);
        assertThat(RULE.finalThrough(plan, START + 21 * HOUR)).isZero();
        assertThat(new SplitRule(0, Duration.ofHours(2), 8, 50).finalThrough(plan, START)).isZero();
    }

    @Test
    void finalThroughReadsAsAnInstantOrTheWindowsEnd() {
        WindowPlan plan = new WindowPlan();
        assertThat(SplitRule.finalThroughText(plan)).isEqualTo("its end");
        plan.finalThroughMillis = 1_795_734_000_000L;
        assertThat(SplitRule.finalThroughText(plan)).isEqualTo("2026-11-26T23:00:00Z");
    }
}
