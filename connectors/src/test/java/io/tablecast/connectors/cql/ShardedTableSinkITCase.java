package io.tablecast.connectors.cql;

import com.datastax.driver.core.Row;
import com.datastax.driver.core.Session;
import io.tablecast.connectors.cql.internal.SchemaStatements;
import io.tablecast.connectors.model.RoutedTransaction;
import io.tablecast.connectors.model.Transaction;
import io.tablecast.connectors.testing.TestKeyspace;
import io.tablecast.connectors.testing.SinkDriver;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The window-table sink on the real Cassandra server, driven directly, its metrics read back. */
class ShardedTableSinkITCase {
    private static final long DAY = Instant.parse("2026-11-25T00:00:00Z").toEpochMilli();
    private static final String EXISTING = TableNames.windowTable("retail", DAY, 0);
    private static final String MISSING = TableNames.windowTable("retail", DAY, 1);
    private static final String OTHER = TableNames.windowTable("retail", DAY, 2);

    /** Thresholds no test here reaches: hot tables are TableLoadMonitorTest's. */
    private static final HotShardThresholds HOT = new HotShardThresholds(1_000_000, Duration.ofSeconds(30));

    private TestKeyspace ks;
    private String keyspace;
    private Session session;
    private ShardedTableSink sink;
    private SinkDriver driver;

    @BeforeEach
    void setUp() throws Exception {
        ks = TestKeyspace.create("sink");
        keyspace = ks.name;
        session = ks.session;
        session.execute(SchemaStatements.createWindowTable(keyspace, EXISTING, Duration.ofDays(1)));
        session.execute(SchemaStatements.createWindowTable(keyspace, OTHER, Duration.ofDays(1)));
        sink = new ShardedTableSink(ks.settings, Duration.ZERO, HOT);
        driver = new SinkDriver(sink);
        sink.open(new Configuration());
    }

    @AfterEach
    void tearDown() throws Exception {
        sink.close();
        ks.close();
    }

    private static RoutedTransaction row(String txnId, String table, int shard) {
        return new RoutedTransaction(new Transaction(txnId, "u-" + txnId, DAY + 1000, new BigDecimal("12.50"), "EUR",
                "purchase", "m", "retail"), "retail", 0, shard, table);
    }

    private List<String> txnIds(String table) {
        return session.execute("SELECT txn_id FROM " + keyspace + "." + table).all().stream()
                .map(r -> r.getString("txn_id")).sorted().collect(Collectors.toList());
    }

    private List<String> fallbackTargets() {
        return session.execute("SELECT target_table, txn_id FROM " + keyspace + "." + TableNames.FALLBACK_TABLE)
                .all().stream().map(r -> r.getString("target_table") + ":" + r.getString("txn_id")).sorted()
                .collect(Collectors.toList());
    }

    @Test
    void writesEachRowToItsTableAndARowWithoutATableToTheFallbackTable() throws Exception {
        sink.invoke(row("t1", EXISTING, 0));
        sink.invoke(row("t2", EXISTING, 0));
        sink.invoke(row("t3", MISSING, 1));
        sink.snapshotState(null);  // flushes every write in flight, as before a checkpoint completes

        assertThat(txnIds(EXISTING)).containsExactly("t1", "t2");
        assertThat(fallbackTargets()).containsExactly(MISSING + ":t3");
        Row stored = session.execute("SELECT amount, currency, type, merchant FROM " + keyspace + "." + EXISTING
                + " WHERE segment_id = 'retail' AND user_id = 'u-t1'").one();
        assertThat(stored.getDecimal("amount")).isEqualTo(new BigDecimal("12.50"));
        assertThat(stored.getString("merchant")).isEqualTo("m");
        assertThat(driver.counter("rowsWritten")).isEqualTo(3);
        assertThat(driver.counter("fallbackWrites")).isEqualTo(1);
        assertThat(driver.counter("tableMissingRedirects")).isZero();
        assertThat(driver.gauge("tablesWritten")).isEqualTo(1);
        // The load on the table, as its shard's monitor shows it; the fallback row is not the missing table's load.
        assertThat(driver.counter("table", EXISTING, "rows")).isEqualTo(2);
        assertThat(driver.counter("table", EXISTING, "bytes")).isBetween(2L * 40, 2L * 200);
        assertThat(driver.histogramCount("table", EXISTING, "writeLatencyMillis")).isEqualTo(2);
        assertThat(driver.gauge("table", EXISTING, "hot")).isEqualTo(0);
        assertThat(driver.gauge("hotTables")).isEqualTo(0);
    }

    @Test
    void aTableDroppedUnderTheSinkRedirectsItsRowsToTheFallbackTableInsteadOfFailing() throws Exception {
        sink.invoke(row("before", EXISTING, 0));
        sink.snapshotState(null);
        // The sink holds a prepared insert for the table; the server no longer knows it. The same answer comes
        // while a new table's schema has not reached the coordinator yet.
        session.execute("DROP TABLE " + keyspace + "." + EXISTING);

        sink.invoke(row("after", EXISTING, 0));
        sink.invoke(row("elsewhere", OTHER, 2));
        sink.snapshotState(null);

        assertThat(fallbackTargets()).containsExactly(EXISTING + ":after");
        assertThat(txnIds(OTHER)).containsExactly("elsewhere");
        assertThat(driver.counter("tableMissingRedirects")).isEqualTo(1);
        assertThat(driver.counter("rowsWritten")).isEqualTo(3);
    }

    @Test
    void aRecordWaitsForItsPlannedTableInsteadOfGoingToTheFallbackTable() throws Exception {
        ShardedTableSink waiting = new ShardedTableSink(ks.settings, Duration.ofSeconds(20), HOT);
        SinkDriver waitingDriver = new SinkDriver(waiting);
        waiting.open(new Configuration());
        try {
            // The table manager's CREATE, a moment after the record arrived.
            CompletableFuture<Void> create = CompletableFuture.runAsync(() -> {
                sleep(1000);
                session.execute(SchemaStatements.createWindowTable(keyspace, MISSING, Duration.ofDays(1)));
            });
            waiting.invoke(row("patient", MISSING, 1));
            waiting.snapshotState(null);
            create.get();
            assertThat(txnIds(MISSING)).containsExactly("patient");
            assertThat(fallbackTargets()).isEmpty();
            assertThat(waitingDriver.counter("fallbackWrites")).isZero();
            assertThat(waitingDriver.counter("tableWaitMillis")).isBetween(500L, 20_000L);
        } finally {
            waiting.close();
        }
    }

    @Test
    void aTableThatNeverComesIsWaitedForOnceThenItsRecordsGoToTheFallbackTable() throws Exception {
        ShardedTableSink waiting = new ShardedTableSink(ks.settings, Duration.ofMillis(500), HOT);
        SinkDriver waitingDriver = new SinkDriver(waiting);
        waiting.open(new Configuration());
        try {
            waiting.invoke(row("first", MISSING, 1));
            long waitedOnce = waitingDriver.counter("tableWaitMillis");
            waiting.invoke(row("second", MISSING, 1));
            waiting.snapshotState(null);
            assertThat(waitedOnce).isGreaterThanOrEqualTo(500);
            assertThat(waitingDriver.counter("tableWaitMillis")).isEqualTo(waitedOnce);  // no second wait
            assertThat(waitingDriver.counter("tablesWaitedOut")).isEqualTo(1);
            assertThat(fallbackTargets()).containsExactly(MISSING + ":first", MISSING + ":second");
        } finally {
            waiting.close();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
