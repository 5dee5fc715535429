package io.tablecast.connectors.cql;

import com.datastax.driver.core.Cluster;
import com.datastax.driver.core.ResultSetFuture;
import com.datastax.driver.core.Session;
import io.tablecast.connectors.cql.internal.RowBinder;
import io.tablecast.connectors.cql.internal.SchemaStatements;
import io.tablecast.connectors.model.MovedRanges;
import io.tablecast.connectors.testing.TestKeyspace;
import io.tablecast.connectors.testing.SinkDriver;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.state.StateSnapshotContextSynchronousImpl;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.StreamSink;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The table manager on the real Cassandra server: DDL beside the caller, a table budget, lost tables, restarts. */
class TableManagerSinkITCase {
    private static final long DAY = Duration.ofDays(1).toMillis();
    private static final long START = Instant.parse("2026-11-25T00:00:00Z").toEpochMilli();

    /** A busy segment's hot shard and the shard a split of it makes. */
    private static final AllocationCommand SPLIT_HOT = AllocationCommand.create("busy", START, START + DAY, 0, 2, 0,
            "test");
    private static final AllocationCommand SPLIT_NEW = AllocationCommand.create("busy", START, START + DAY, 1, 2, 0,
            "test");

    private TestKeyspace ks;
    private String keyspace;
    private CassandraSettings settings;
    private Cluster cluster;
    private Session session;

    @BeforeEach
    void setUp() {
        ks = TestKeyspace.create("ddl");
        keyspace = ks.name;
        settings = ks.settings;
        cluster = ks.cluster;
        session = ks.session;
    }

    @AfterEach
    void tearDown() {
        ks.close();
    }

    private static AllocationCommand create(int day) {
        return AllocationCommand.create("retail", START + day * DAY, START + (day + 1) * DAY, 0, 1, 0, "test");
    }

    private Set<String> catalogTables() {
        return new TableCatalog(session, keyspace).all().stream().map(e -> e.tableName).collect(Collectors.toSet());
    }

    private boolean tableExists(String table) {
        return cluster.getMetadata().getKeyspace(keyspace).getTable(table) != null;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    @Test
    void createsTablesOnItsOwnThreadUpToTheBudgetAndRefusesTheRest() throws Exception {
        TableManagerSink sink = new TableManagerSink(settings, CqlDialect.CASSANDRA, Duration.ofSeconds(1), 2);
        SinkDriver driver = new SinkDriver(sink);
        sink.open(new Configuration());
        try {
            sink.invoke(create(0), null);
            sink.invoke(create(1), null);
            sink.invoke(create(2), null);
            sink.invoke(create(0), null);  // a repeat is no new work
            // invoke only queued: three CREATEs of hundreds of ms each cannot all be done yet.
            assertThat((Integer) driver.gauge("pendingDdl")).isPositive();

            await("two tables created", () -> driver.counter("tablesCreated") == 2
                    && driver.counter("tablesRefusedByBudget") == 1);
            assertThat(catalogTables()).containsExactlyInAnyOrder(create(0).table, create(1).table);
            assertThat(tableExists(create(2).table)).isFalse();
            assertThat(driver.gauge("pendingDdl")).as("the refused one waits for room").isEqualTo(1);
            assertThat(driver.gauge("catalogTables")).isEqualTo(2);
            assertThat(driver.counter("ddlFailures")).isZero();
            // Compacted by time window, one window being the table's own (a day here).
            Map<String, String> compaction = session.execute("SELECT compaction FROM system_schema.tables"
                    + " WHERE keyspace_name = ? AND table_name = ?", keyspace, create(0).table).one()
                    .getMap("compaction", String.class, String.class);
            assertThat(compaction.get("class")).endsWith("TimeWindowCompactionStrategy");
            assertThat(compaction).containsEntry("compaction_window_unit", "DAYS")
                    .containsEntry("compaction_window_size", "1");
        } finally {
            sink.close();
        }
    }

    @Test
    void aLongSplitMoveHoldsBackNoCreate() throws Exception {
        TableManagerSink sink = new TableManagerSink(settings, CqlDialect.CASSANDRA, Duration.ofSeconds(1), 10);
        SinkDriver driver = new SinkDriver(sink);
        sink.open(new Configuration());
        try {
            createSplitTables(sink, driver);
            // Enough rows of the moved keys that copying, verifying and cleaning them takes seconds.
            var insert = session.prepare(SchemaStatements.insertRow(keyspace, SPLIT_HOT.table));
            List<ResultSetFuture> writes = new ArrayList<>();
            for (int i = 0; i < 20_000; i++) {
                writes.add(session.executeAsync(RowBinder.bind(insert, 0, "busy", "u" + (i % 2000),
                        START + i * 100L, "t" + i, BigDecimal.ONE, "EUR", null, null)));
                if (writes.size() == 256) {
                    writes.forEach(ResultSetFuture::getUninterruptibly);
                    writes.clear();
                }
            }
            writes.forEach(ResultSetFuture::getUninterruptibly);
            long switchAt = START + 2 * 3_600_000L;
            MovedRanges half = new MovedRanges(new long[] {Long.MIN_VALUE}, new long[] {0});
            sink.invoke(AllocationCommand.moveSplitRows("busy", SPLIT_HOT.table, SPLIT_NEW.table, START, START + DAY, switchAt,
                    60_000L, half, new String[0], new int[0]), null);
            checkpoint(sink, 1);
            await("the move under way", () -> (Integer) driver.gauge("pendingSplitMoves") == 1);
            sink.invoke(create(1), null);

            await("the CREATE queued after the move", () -> driver.counter("tablesCreated") == 3);
            assertThat(driver.counter("splitsMoved")).as("the CREATE did not wait for the move").isZero();
            assertThat(driver.gauge("pendingSplitMoves")).isEqualTo(1);
            await("the move", () -> driver.counter("splitsMoved") == 1);
            assertThat(driver.counter("splitRowsMoved")).isGreaterThan(5_000);
            assertThat(driver.counter("ddlFailures")).isZero();
        } finally {
            sink.close();
        }
    }

    private static void createSplitTables(TableManagerSink sink, SinkDriver driver) throws InterruptedException {
        sink.invoke(SPLIT_HOT, null);
        sink.invoke(SPLIT_NEW, null);
        await("the split's two tables", () -> driver.counter("tablesCreated") == 2);
    }

    /** A checkpoint of the sink, taken and completed, as the job's would be. */
    private static void checkpoint(TableManagerSink sink, long id) throws Exception {
        sink.snapshotState(new StateSnapshotContextSynchronousImpl(id, id));
        sink.notifyCheckpointComplete(id);
    }

    @Test
    void aSplitsRowsMoveOnlyOnceTheCheckpointAfterItsCommandCompletesAndTheFallbackHoldsNoneOfThem()
            throws Exception {
        // The rows from before the switch travel another branch of the job than the command: until a checkpoint
        // taken after the command completes, some may not be in the hot table yet, and a move then would miss them.
        TableManagerSink sink = new TableManagerSink(settings, CqlDialect.CASSANDRA, Duration.ofHours(1), 10);
        SinkDriver driver = new SinkDriver(sink);
        sink.open(new Configuration());
        try {
            createSplitTables(sink, driver);
            var insert = session.prepare(SchemaStatements.insertRow(keyspace, SPLIT_HOT.table));
            for (int i = 0; i < 100; i++) {
                session.execute(RowBinder.bind(insert, 0, "busy", "u" + i, START + i * 1000L, "t" + i,
                        BigDecimal.ONE, "EUR", null, null));
            }
            // One more row of the hot table waits in the fallback table (its table was late, in a backfill).
            session.execute(session.prepare(SchemaStatements.insertFallbackRow(keyspace)).bind(SPLIT_HOT.table, "busy", "u7",
                    new Date(START + 500_000L), "late-one", BigDecimal.ONE, "EUR", null, null));
            MovedRanges all = new MovedRanges(new long[] {Long.MIN_VALUE}, new long[] {Long.MAX_VALUE});
            sink.invoke(AllocationCommand.moveSplitRows("busy", SPLIT_HOT.table, SPLIT_NEW.table, START, START + DAY,
                    START + 3_600_000L, 60_000L, all, new String[0], new int[0]), null);

            sink.snapshotState(new StateSnapshotContextSynchronousImpl(1, 1));
            Thread.sleep(1_000);
            assertThat(driver.counter("splitsMoved")).as("before the checkpoint completes").isZero();
            assertThat(driver.gauge("pendingSplitMoves")).isEqualTo(1);
            sink.notifyCheckpointComplete(1);
            Thread.sleep(1_000);
            assertThat(driver.counter("splitsMoved")).as("while the fallback holds a row of the hot table").isZero();

            session.execute("TRUNCATE " + keyspace + "." + TableNames.FALLBACK_TABLE);
            session.execute(RowBinder.bind(insert, 0, "busy", "u7", START + 500_000L, "late-one", BigDecimal.ONE,
                    "EUR", null, null));
            await("the move", () -> driver.counter("splitsMoved") == 1);
            assertThat(driver.counter("splitRowsMoved")).isEqualTo(101);
        } finally {
            sink.close();
        }
    }

    @Test
    void aTableThatExistsOnlyAfterItsLiveWindowBeganIsCountedLateAndItsDdlTimeKept() throws Exception {
        TableManagerSink sink = new TableManagerSink(settings, CqlDialect.CASSANDRA, Duration.ofSeconds(1), 10);
        SinkDriver driver = new SinkDriver(sink);
        sink.open(new Configuration());
        long hour = 3_600_000L;
        long now = System.currentTimeMillis() / hour * hour;
        try {
            // Live by the clock and begun: late. Ahead of the clock: in time. A backfill's window, long over: its
            // lead is in event time, not the clock's business.
            sink.invoke(AllocationCommand.create("live", now, now + 2 * hour, 0, 1, 0, "test"), null);
            sink.invoke(AllocationCommand.create("ahead", now + 2 * hour, now + 3 * hour, 0, 1, 0, "test"), null);
            sink.invoke(AllocationCommand.create("past", START, START + hour, 0, 1, 0, "test"), null);
            await("three tables created", () -> driver.counter("tablesCreated") == 3);
            assertThat(driver.counter("tablesCreatedLate")).isEqualTo(1);
            assertThat((Long) driver.gauge("slowestCreateTableMillis")).isPositive()
                    .isGreaterThanOrEqualTo((Long) driver.gauge("lastCreateTableMillis"));
        } finally {
            sink.close();
        }
    }

    @Test
    void aTableDroppedUnderTheJobIsCreatedAgainAndItsWaitingRowsMoveIn() throws Exception {
        TableManagerSink sink = new TableManagerSink(settings, CqlDialect.CASSANDRA, Duration.ofMillis(500), 10);
        SinkDriver driver = new SinkDriver(sink);
        sink.open(new Configuration());
        String table = create(0).table;
        try {
            sink.invoke(create(0), null);
            await("the table", () -> driver.counter("tablesCreated") == 1);
            session.execute("DROP TABLE " + keyspace + "." + table);
            // A row the sink redirected while the table was gone.
            session.execute(session.prepare(SchemaStatements.insertFallbackRow(keyspace)).bind(table, "retail",
                    "u1", new Date(START + 1000), "t1", new BigDecimal("1.00"), null, null, null));

            await("the table re-created and the row moved in", () -> driver.counter("tablesRecreated") == 1
                    && driver.counter("fallbackRowsMoved") == 1);
            assertThat(session.execute("SELECT txn_id FROM " + keyspace + "." + table).one().getString("txn_id"))
                    .isEqualTo("t1");
            assertThat(session.execute("SELECT COUNT(*) FROM " + keyspace + "." + TableNames.FALLBACK_TABLE).one()
                    .getLong(0)).isZero();
        } finally {
            sink.close();
        }
    }

    @Test
    void commandsNotYetExecutedSurviveARestart() throws Exception {
        OperatorSubtaskState checkpoint;
        try (OneInputStreamOperatorTestHarness<AllocationCommand, Object> before = harness(1)) {
            before.open();
            before.processElement(new StreamRecord<>(create(0)));
            before.processElement(new StreamRecord<>(create(1)));  // over the budget of 1: waits in the queue
            await("the first table", () -> tableExists(create(0).table));
            checkpoint = before.snapshot(1, 1);
        }
        try (OneInputStreamOperatorTestHarness<AllocationCommand, Object> after = harness(10)) {
            after.initializeState(checkpoint);
            after.open();
            // Nothing is sent again: the command comes back from the checkpoint.
            await("the second table, from the restored queue", () -> tableExists(create(1).table));
            assertThat(catalogTables()).containsExactlyInAnyOrder(create(0).table, create(1).table);
        }
    }

    private OneInputStreamOperatorTestHarness<AllocationCommand, Object> harness(int budget) throws Exception {
        return new OneInputStreamOperatorTestHarness<>(
                new StreamSink<>(new TableManagerSink(settings, CqlDialect.CASSANDRA, Duration.ofSeconds(1), budget)));
    }
}
