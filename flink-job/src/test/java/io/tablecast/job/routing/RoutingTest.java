package io.tablecast.job.routing;

import io.tablecast.connectors.model.Transaction;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RoutingTest {
    @Test
    void aUserAlwaysLandsOnTheSameShardAndShardsAreEvenlyUsed() {
        StableHashShardRouter router = new StableHashShardRouter();
        int[] perShard = new int[8];
        for (int u = 0; u < 80_000; u++) {
            int shard = router.shardOf("retail", "user-" + u, "t1", 0L, 8);
            assertThat(router.shardOf("retail", "user-" + u, "t1", 0L, 8)).isEqualTo(shard);
            perShard[shard]++;
        }
        for (int count : perShard) {
            assertThat(count).isBetween(9_500, 10_500);
        }
    }

    @Test
    void placementIsPinned() {
        // Golden values from an independent MurmurHash3 x86_32 (seed 0) over the UTF-8 bytes: a changed hash would
        // silently move every user to another table, so it must fail here first.
        StableHashShardRouter router = new StableHashShardRouter();
        assertThat(router.shardOf("any", "u1", "t1", 0L, 1000)).isEqualTo(920);
        assertThat(router.shardOf("any", "user-42", "t1", 0L, 8)).isZero();  // hash -1183655216, floorMod
        assertThat(router.shardOf("any", "alice", "t1", 0L, 4)).isEqualTo(1);
        assertThat(router.shardOf("any", "\u00fc-user", "t1", 0L, 1000)).isEqualTo(451);
        assertThat(router.shardOf("other", "u1", "t1", 0L, 1000)).as("the segment plays no part").isEqualTo(920);
        assertThat(router.shardOf("any", "u1", "t1", 0L, 3)).isEqualTo(1);
    }

    @Test
    void windowsAreUtcAlignedAndCoverNegativeTimesToo() {
        TimeWindows days = new TimeWindows(Duration.ofDays(1));
        long ts = Instant.parse("2026-11-25T23:59:59.999Z").toEpochMilli();
        long id = days.intervalId(ts);
        assertThat(Instant.ofEpochMilli(days.startMillis(id))).isEqualTo(Instant.parse("2026-11-25T00:00:00Z"));
        assertThat(Instant.ofEpochMilli(days.endMillis(id))).isEqualTo(Instant.parse("2026-11-26T00:00:00Z"));
        assertThat(days.intervalId(ts + 1)).isEqualTo(id + 1);
        assertThat(days.intervalId(-1)).isEqualTo(-1);
    }

    @Test
    void segmentIsTheNamedOneOrTheDefault() {
        ExplicitOrDefaultSegmentAssigner assigner = new ExplicitOrDefaultSegmentAssigner("default");
        Transaction named = new Transaction("t", "u", 0, BigDecimal.ONE, null, null, null, "premium");
        Transaction unnamed = new Transaction("t", "u", 0, BigDecimal.ONE, null, null, null, null);
        assertThat(assigner.segmentOf(named)).isEqualTo("premium");
        assertThat(assigner.segmentOf(unnamed)).isEqualTo("default");
        assertThatThrownBy(() -> new ExplicitOrDefaultSegmentAssigner("bad segment"))
                .hasMessageContaining("not a valid segment id");
    }
}
