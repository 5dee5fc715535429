package io.tablecast.connectors.cql;

import io.tablecast.connectors.model.WindowOutcome;
import io.tablecast.connectors.testing.SinkDriver;
import io.tablecast.connectors.testing.TestKeyspace;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The window-outcome sink on the real Cassandra server: one row per segment and window, newest first, once. */
class WindowOutcomeSinkITCase {
    private static final long DAY = 86_400_000L;
    private static final long START = 20_000 * DAY;

    private TestKeyspace keyspace;

    @BeforeEach
    void setUp() {
        keyspace = TestKeyspace.create("wo");
    }

    @AfterEach
    void tearDown() {
        keyspace.close();
    }

    @Test
    void writesEachSegmentsWindowOnceNewestFirst() throws Exception {
        WindowOutcome first = new WindowOutcome("High-Value", START, START + DAY, 21_000, 25_123.5, 24_000, false);
        WindowOutcome second = new WindowOutcome("High-Value", START + DAY, START + 2 * DAY, 24_000, 28_800, 31_500,
                true);
        // Planned before the scheduler kept the expected rows.
        WindowOutcome other = new WindowOutcome("small", START, START + DAY, Double.NaN, 40, 12, false);
        WindowOutcomeSink sink = new WindowOutcomeSink(keyspace.settings);
        SinkDriver driver = new SinkDriver(sink);
        sink.open(new Configuration());
        try {
            sink.invoke(first, null);
            sink.invoke(second, null);
            sink.invoke(other, null);
            sink.invoke(second, null);  // replayed after a restart
            sink.snapshotState(null);
            assertThat(driver.counter("windowOutcomesWritten")).isEqualTo(4);
        } finally {
            sink.close();
        }
        List<WindowOutcome> read = WindowOutcomes.ofSegment(keyspace.session, keyspace.name, "High-Value");
        assertThat(read).hasSize(2);
        WindowOutcome newest = read.get(0);
        assertThat(newest.windowStartMillis).isEqualTo(START + DAY);
        assertThat(newest.windowEndMillis).isEqualTo(START + 2 * DAY);
        assertThat(newest.expectedRows).isEqualTo(24_000);
        assertThat(newest.plannedUpperRows).isEqualTo(28_800);
        assertThat(newest.receivedRows).isEqualTo(31_500);
        assertThat(newest.sizedByLiveTraffic).isTrue();
        assertThat(read.get(1).plannedUpperRows).isEqualTo(25_123.5);
        assertThat(read.get(1).sizedByLiveTraffic).isFalse();
        assertThat(WindowOutcomes.all(keyspace.session, keyspace.name)).extracting(o -> o.segmentId)
                .containsExactlyInAnyOrder("High-Value", "High-Value", "small");
        assertThat(WindowOutcomes.ofSegment(keyspace.session, keyspace.name, "small").get(0).expectedRows).isNaN();
    }
}
