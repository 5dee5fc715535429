package io.tablecast.job.tools;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ShardingSimulationTest {
    private static ShardingSimulation.Settings small() {
        ShardingSimulation.Settings s = new ShardingSimulation.Settings();
        s.users = 200_000;
        s.segments = 50;
        s.recordsPerDay = 3_000_000;
        s.rowsPerTable = 100_000;
        s.tablesPerWindow = 100;
        s.routingInterval = Duration.ofMinutes(1);
        return s;
    }

    @Test
    void placesEveryRecordOfTheShardedSegmentsAndSplitsMoveAboutTheLeastPossible() {
        ShardingSimulation.Result r = new ShardingSimulation().run(small());
        assertThat(r.sharded).hasSizeGreaterThanOrEqualTo(5);
        assertThat(r.tablesPerWindow).isLessThanOrEqualTo(100);
        long placed = r.sharded.stream().mapToLong(d -> d.records).sum();
        assertThat(placed).isPositive().isLessThanOrEqualTo(r.recordsToday);
        for (ShardingSimulation.SegmentDay day : r.sharded) {
            assertThat(day.keysMovedBySplit).isLessThanOrEqualTo(day.keysOnHotShard);
            if (day.keysOnHotShard >= 2000) {
                assertThat(day.movedOverIdeal()).as(day.segment).isBetween(0.9, 1.1);
            }
        }
        // The ring built from yesterday's arc loads is more even today than the same ring without it.
        assertThat(median(r, d -> d.boundedMaxOverMean)).isLessThan(median(r, d -> d.plainRingMaxOverMean));
        // The user hash modulo the shard count puts a heavy user's whole day on one shard.
        assertThat(r.worst(d -> d.boundedMaxOverMean)).isLessThan(r.worst(d -> d.modHashMaxOverMean));
    }

    /** The busiest users' one-minute keys are what keeps the worst shard above the rest; spreading them evens it. */
    @Test
    void hotUsersSpreadOverBucketsEvenTheWorstShard() {
        ShardingSimulation.Settings without = small();
        without.hotKeyShare = 0;
        ShardingSimulation.Result plain = new ShardingSimulation().run(without);
        ShardingSimulation.Result hot = new ShardingSimulation().run(small());
        assertThat(plain.hotUsers).isZero();
        assertThat(hot.hotUsers).isPositive();
        assertThat(hot.recordsToday).isEqualTo(plain.recordsToday);
        assertThat(hot.worst(d -> d.boundedMaxOverMean)).isLessThan(plain.worst(d -> d.boundedMaxOverMean));
    }

    @Test
    void theSameSeedGivesTheSameDay() {
        ShardingSimulation.Result a = new ShardingSimulation().run(small());
        ShardingSimulation.Result b = new ShardingSimulation().run(small());
        assertThat(a.recordsToday).isEqualTo(b.recordsToday);
        assertThat(a.worst(d -> d.boundedMaxOverMean)).isEqualTo(b.worst(d -> d.boundedMaxOverMean));
        assertThat(a.worst(ShardingSimulation.SegmentDay::movedOverIdeal))
                .isEqualTo(b.worst(ShardingSimulation.SegmentDay::movedOverIdeal));
    }

    @Test
    void maxOverMeanOfEvenLoadsIsOne() {
        assertThat(ShardingSimulation.maxOverMean(new long[] {5, 5, 5})).isEqualTo(1.0);
        assertThat(ShardingSimulation.maxOverMean(new long[] {2, 0, 0, 2})).isEqualTo(2.0);
    }

    private static double median(ShardingSimulation.Result r,
                                 java.util.function.ToDoubleFunction<ShardingSimulation.SegmentDay> figure) {
        double[] values = r.sharded.stream().mapToDouble(figure).sorted().toArray();
        return values.length == 0 ? 0 : values[values.length / 2];
    }
}
