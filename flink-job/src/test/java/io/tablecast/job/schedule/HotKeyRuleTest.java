package io.tablecast.job.schedule;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;
import io.tablecast.connectors.model.HotUser;
import io.tablecast.connectors.model.WindowPlan;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class HotKeyRuleTest {
    private static final HotKeyRule DEFAULTS = new HotKeyRule(0.002, Duration.ofMinutes(1), 1_000_000);

    @Test
    void bucketsBringEachKeyUnderTheShareOfAShard() {
        // 300 k an hour = 5 000 a minute; 0.2 % of 800 k = 1 600 a key: 3.1, so 4.
        assertThat(DEFAULTS.buckets(300_000, 800_000)).isEqualTo(4);
        assertThat(DEFAULTS.buckets(96_000, 800_000)).as("exactly at the share").isEqualTo(1);
        assertThat(DEFAULTS.buckets(96_001, 800_000)).isEqualTo(2);
        assertThat(DEFAULTS.buckets(Long.MAX_VALUE / 2, 1)).isEqualTo(HotKeyRule.MAX_BUCKETS);
        assertThat(new HotKeyRule(0, Duration.ofMinutes(1), 1_000_000).buckets(300_000, 800_000)).isEqualTo(1);
    }

    @Test
    void theReportFloorIsWhatAUserNeedsToBeHotInTheLightestShardedSegment() {
        // 0.2 % of an eighth of a million-row table per minute, 60 minutes.
        assertThat(DEFAULTS.reportFloorPerHour()).isEqualTo(15_000);
        assertThat(new HotKeyRule(0.002, Duration.ofSeconds(10), 1_000_000).reportFloorPerHour()).isEqualTo(90_000);
        assertThat(new HotKeyRule(0, Duration.ofMinutes(1), 1_000_000).reportFloorPerHour())
                .isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void aPlanNamesAtMostTheBusiest64UsersOfEachShardedSegmentInOrder() {
        WindowPlan plan = new SchedulePlanner(new PlanningLimits(1_000_000, 8, 50)).plan(0, 86_400_000L,
                List.of(new SegmentOutlook("busy", 2.4e6, 3e6, 100), new SegmentOutlook("small", 1e4, 2e4, 1)));
        Map<String, Long> busy = new HashMap<>();
        for (int u = 0; u < 100; u++) {
            busy.put("u" + u, 200_000L + u);  // every one hot: 3 334 a minute against 1 600
        }
        HotUser[] hot = DEFAULTS.choose(plan, Map.of("busy", busy, "small", Map.of("whale", 10_000_000L)),
                Map.of("busy", 2.4e6, "small", 1e4));
        assertThat(hot).hasSize(64).allSatisfy(h -> assertThat(h.buckets).isEqualTo(3));
        assertThat(hot).extracting(h -> h.segmentId).containsOnly("busy");
        assertThat(hot).extracting(h -> Integer.parseInt(h.userId.substring(1))).allSatisfy(u ->
                assertThat(u).isGreaterThanOrEqualTo(36));  // the busiest 64 of 100
        assertThat(hot).extracting(h -> h.userId).isSorted();
    }

    /** Nobody under the floor is hot in a segment whose shards expect at least an eighth of a table each. */
    @Property(tries = 300)
    void underTheFloorNobodyIsHot(@ForAll @LongRange(min = 0, max = 14_999) long perHour,
                                  @ForAll @DoubleRange(min = 125_000, max = 1e9) double meanShardRows) {
        assertThat(DEFAULTS.buckets(perHour, meanShardRows)).isEqualTo(1);
    }
}
