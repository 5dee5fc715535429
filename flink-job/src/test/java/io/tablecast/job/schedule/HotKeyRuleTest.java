package io.tablecast.job.schedule;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import java.time.Duration;

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

    /** Nobody under the floor is hot in a segment whose shards expect at least an eighth of a table each. */
    @Property(tries = 300)
    void underTheFloorNobodyIsHot(@ForAll @LongRange(min = 0, max = 14_999) long perHour,
                                  @ForAll @DoubleRange(min = 125_000, max = 1e9) double meanShardRows) {
        assertThat(DEFAULTS.buckets(perHour, meanShardRows)).isEqualTo(1);
    }
}
