package io.tablecast.connectors.cql;

import io.tablecast.connectors.model.SegmentMove;
import io.tablecast.connectors.testing.SinkDriver;
import io.tablecast.connectors.testing.TestKeyspace;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The segment-move sink on the real Cassandra server, read back by {@link SegmentHistory}: oldest first, once. */
class SegmentMoveSinkITCase {
    private static final long DAY = 86_400_000L;

    private TestKeyspace keyspace;

    @BeforeEach
    void setUp() {
        keyspace = TestKeyspace.create("moves");
    }

    @AfterEach
    void tearDown() {
        keyspace.close();
    }

    @Test
    void aUsersMovesAreKeptInOrderAndOnceHoweverOftenWritten() throws Exception {
        SegmentMoveSink sink = new SegmentMoveSink(keyspace.settings);
        SinkDriver driver = new SinkDriver(sink);
        sink.open(new Configuration());
        try {
            sink.invoke(new SegmentMove("ann", 20_010 * DAY, "frequent", "casual"), null);
            sink.invoke(new SegmentMove("ann", 20_000 * DAY, "casual", null), null);
            sink.invoke(new SegmentMove("bob", 20_000 * DAY, "casual", null), null);
            sink.invoke(new SegmentMove("ann", 20_010 * DAY, "frequent", "casual"), null);  // again, after a restart
            sink.snapshotState(null);
            assertThat(driver.counter("segmentMovesWritten")).isEqualTo(4);
        } finally {
            sink.close();
        }
        SegmentHistory history = new SegmentHistory(keyspace.session, keyspace.name);
        assertThat(history.of("ann")).extracting(Object::toString).containsExactly(
                "ann: null -> casual from " + 20_000 * DAY, "ann: casual -> frequent from " + 20_010 * DAY);
        assertThat(history.of("bob")).hasSize(1);
        assertThat(history.of("nobody")).isEmpty();
    }
}
