package io.tablecast.connectors.cql;

import com.datastax.driver.core.PreparedStatement;
import com.datastax.driver.core.ResultSet;
import com.datastax.driver.core.TableMetadata;
import io.tablecast.connectors.cql.internal.RowBinder;
import io.tablecast.connectors.cql.internal.DaemonThreads;
import io.tablecast.connectors.cql.internal.SchemaStatements;
import io.tablecast.connectors.cql.internal.TableLoadMonitor;
import io.tablecast.connectors.cql.internal.WriteRetry;
import io.tablecast.connectors.model.RoutedTransaction;
import io.tablecast.connectors.model.Transaction;
import org.apache.flink.cassandra.shaded.com.google.common.util.concurrent.ListenableFuture;
import org.apache.flink.cassandra.shaded.com.google.common.util.concurrent.SettableFuture;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;
import org.apache.flink.streaming.connectors.cassandra.AbstractCassandraTupleSink;
import org.apache.flink.streaming.connectors.cassandra.CassandraSinkBaseConfig;
import org.apache.flink.streaming.connectors.cassandra.NoOpCassandraFailureHandler;

import java.time.Duration;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Writes each routed transaction into the table its router chose, one prepared statement per table.
 *
 * <p><b>Delivery guarantee:</b> at-least-once from the connector's base (bounded in-flight writes, all of them flushed
 * before a checkpoint completes), made effectively exactly-once by the table key: a replayed record upserts the same
 * row. Transient faults (a defunct connection, timeouts, an unavailable or restarting node) are retried with backoff
 * for up to {@code cassandra.write-timeout}; only a write that still fails then, or fails for good, fails the job,
 * which restarts from its last checkpoint.
 *
 * <p>It never creates a table. Every table a record is routed to is one its window's plan asked for, so a record whose
 * table does not exist yet first waits for it, up to {@code tableWait} per table: holding the record back slows the
 * stream (back-pressure) while the table manager's CREATE runs, instead of spilling a cold start or a fast backfill
 * into the fallback table ({@code tableWaitMillis}). A table that does not appear in time (refused by the budget,
 * say) is not waited for again: its records go to the fallback table, keyed by the table they were meant for, and
 * the table manager moves them over once it exists; {@code fallbackWrites} counts these. The same happens when the
 * server refuses a write because it does not know a table the driver's metadata already lists (a schema change
 * that has not reached every node yet, or a table dropped under the job): the row is redirected to the fallback
 * table ({@code tableMissingRedirects}) instead of failing the job — except while the driver still lists a table
 * this sink found less than {@value #SCHEMA_SETTLE_SECONDS} s ago: then the refusal is the CREATE still settling, and
 * the write is tried again a moment later ({@code schemaSettleRetries}).
 */
public final class ShardedTableSink extends AbstractCassandraTupleSink<RoutedTransaction> {
    private static final long serialVersionUID = 1L;
    /** Writes go to the current windows; statements of tables no longer written are let go. */
    private static final int MAX_PREPARED_TABLES = 1024;
    private static final long TABLE_POLL_MILLIS = 20;
    static final long SCHEMA_SETTLE_SECONDS = 60;
    private static final long SCHEMA_SETTLE_PAUSE_MILLIS = 200;

    private final String keyspace;
    private final Duration retryBudget;
    private final long tableWaitNanos;
    private final HotShardThresholds hotShard;

    private transient Map<String, PreparedStatement> insertByTable;
    private transient TableLoadMonitor load;
    private transient Counter rowsWritten;
    private transient Counter fallbackWrites;
    private transient Counter tableMissingRedirects;
    private transient Counter schemaSettleRetries;
    /** When this sink first prepared a statement for each table (System.nanoTime). */
    private transient Map<String, Long> firstFound;
    private transient ScheduledExecutorService retryTimer;
    private transient WriteRetry retry;
    private transient Map<String, Boolean> waitedOut;
    private transient Counter tableWaitMillis;
    private transient Counter tablesWaitedOut;

    /**
     * @param tableWait how long a record waits for its table to appear; zero: never, straight to the fallback
     * @param hotShard when a table counts as hot (metrics and a warning)
     */
    public ShardedTableSink(CassandraSettings settings, Duration tableWait, HotShardThresholds hotShard) {
        super(SchemaStatements.insertFallbackRow(settings.keyspace()), new CassandraClusterBuilder(settings),
                CassandraSinkBaseConfig.newBuilder()
                        .setMaxConcurrentRequests(settings.maxConcurrentWrites())
                        .setMaxConcurrentRequestsTimeout(settings.writeTimeout())
                        .setIgnoreNullFields(true)
                        .build(),
                new NoOpCassandraFailureHandler());
        this.keyspace = settings.keyspace();
        this.retryBudget = settings.writeTimeout();
        this.tableWaitNanos = tableWait.toNanos();
        this.hotShard = hotShard;
    }

    @Override
    public void open(Configuration configuration) {
        super.open(configuration);
        insertByTable = leastRecentlyUsedFirst(MAX_PREPARED_TABLES);
        MetricGroup metrics = getRuntimeContext().getMetricGroup().addGroup("tablecast");
        rowsWritten = metrics.counter("rowsWritten", new ThreadSafeSimpleCounter());
        fallbackWrites = metrics.counter("fallbackWrites", new ThreadSafeSimpleCounter());
        tableMissingRedirects = metrics.counter("tableMissingRedirects", new ThreadSafeSimpleCounter());
        schemaSettleRetries = metrics.counter("schemaSettleRetries", new ThreadSafeSimpleCounter());
        firstFound = leastRecentlyUsedFirst(MAX_PREPARED_TABLES);
        Counter writeRetries = metrics.counter("writeRetries", new ThreadSafeSimpleCounter());
        retryTimer = DaemonThreads.single("tablecast-write-retry");
        retry = new WriteRetry(retryTimer, retryBudget, System::nanoTime, writeRetries::inc);
        waitedOut = leastRecentlyUsedFirst(MAX_PREPARED_TABLES);
        tableWaitMillis = metrics.counter("tableWaitMillis");
        tablesWaitedOut = metrics.counter("tablesWaitedOut");
        metrics.gauge("tablesWritten", () -> insertByTable.size());
        load = new TableLoadMonitor(metrics, hotShard);
    }

    @Override
    public ListenableFuture<ResultSet> send(RoutedTransaction r) {
        awaitTable(r.table);
        ListenableFuture<ResultSet> future = retry.run(() -> writeOnce(r), tableMissing -> redirectToFallback(r));
        future.addListener(() -> {
            if (succeeded(future)) {
                rowsWritten.inc();
            }
        }, Runnable::run);
        return future;
    }

    private ListenableFuture<ResultSet> writeOnce(RoutedTransaction r) {
        PreparedStatement insert = insertFor(r.table);
        if (insert == null) {
            fallbackWrites.inc();
            return super.send(r);
        }
        Transaction t = r.txn;
        long started = System.nanoTime();
        ListenableFuture<ResultSet> future = session.executeAsync(RowBinder.bind(insert, 0, r.segmentId, t.userId,
                t.tsMillis, t.txnId, t.amount, t.currency, t.type, t.merchant).setIdempotent(true));
        future.addListener(() -> {
            if (succeeded(future)) {
                load.written(r.table, RowBinder.estimatedBytes(r.segmentId, t), System.nanoTime() - started);
            }
        }, Runnable::run);
        return future;
    }

    /** On the task thread: waits (back-pressure) until the table exists, the wait runs out, or it ran out before. */
    private void awaitTable(String table) {
        if (tableWaitNanos <= 0 || waitedOut.containsKey(table) || ready(table)) {
            return;
        }
        long started = System.nanoTime();
        while (!ready(table)) {
            if (System.nanoTime() - started > tableWaitNanos) {
                waitedOut.put(table, Boolean.TRUE);
                tablesWaitedOut.inc();
                break;
            }
            try {
                Thread.sleep(TABLE_POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();  // cancelled: write where we can and let the task end
                break;
            }
        }
        tableWaitMillis.inc((System.nanoTime() - started) / 1_000_000);
    }

    /**
     * Whether the table can take writes. A transient failure while finding out counts as not yet: right after a
     * CREATE, Cassandra can fail a request to the new table ("Unknown CF") and the driver then drops the connection
     * the prepare was waiting on (seen in the schedule acceptance run); the write path retries such faults itself.
     */
    private boolean ready(String table) {
        try {
            return insertFor(table) != null;
        } catch (RuntimeException e) {
            if (WriteRetry.classify(e) == WriteRetry.Failure.PERMANENT) {
                throw e;
            }
            return false;
        }
    }

    /** The server does not know the table: keep the row in the fallback table until the table is there. */
    private ListenableFuture<ResultSet> redirectToFallback(RoutedTransaction r) {
        if (settling(r.table)) {
            schemaSettleRetries.inc();
            SettableFuture<ResultSet> later = SettableFuture.create();
            retryTimer.schedule(() -> later.setFuture(retry.run(() -> writeOnce(r), missing -> redirectToFallback(r))),
                    SCHEMA_SETTLE_PAUSE_MILLIS, TimeUnit.MILLISECONDS);
            return later;
        }
        forget(r.table);
        tableMissingRedirects.inc();
        fallbackWrites.inc();
        return retry.run(() -> super.send(r), null);
    }

    /** The fallback insert's values, bound by the base class. */
    @Override
    protected Object[] extract(RoutedTransaction r) {
        Transaction t = r.txn;
        return new Object[] {r.table, r.segmentId, t.userId, new Date(t.tsMillis), t.txnId, t.amount, t.currency,
                t.type, t.merchant};
    }

    /**
     * The prepared insert for a table, or null while the table does not exist. The driver keeps its schema metadata
     * current from the server's schema-change events, so a table created meanwhile is found on the next record. A
     * table can be in the driver's metadata and still be refused by the node a statement is prepared on: that counts
     * as not there yet (seen on a single local node, right after the CREATE).
     */
    private synchronized PreparedStatement insertFor(String table) {
        PreparedStatement insert = insertByTable.get(table);
        if (insert == null) {
            TableMetadata metadata = cluster.getMetadata().getKeyspace(keyspace).getTable(table);
            if (metadata == null) {
                return null;
            }
            try {
                insert = session.prepare(SchemaStatements.insertRow(keyspace, table));
            } catch (RuntimeException e) {
                if (WriteRetry.classify(e) == WriteRetry.Failure.TABLE_MISSING) {
                    // Listed in the metadata, not yet known to the node that prepares (schema still settling).
                    return null;
                }
                throw e;
            }
            insertByTable.put(table, insert);
            firstFound.putIfAbsent(table, System.nanoTime());
        }
        return insert;
    }

    /** A map that forgets its least recently used entry beyond {@code capacity}: caches of per-table facts. */
    private static <V> Map<String, V> leastRecentlyUsedFirst(int capacity) {
        return new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > capacity;
            }
        };
    }

    /** Found by this sink moments ago and still in the driver's metadata: created, not dropped, not yet everywhere. */
    private synchronized boolean settling(String table) {
        Long found = firstFound.get(table);
        return found != null && System.nanoTime() - found < TimeUnit.SECONDS.toNanos(SCHEMA_SETTLE_SECONDS)
                && cluster.getMetadata().getKeyspace(keyspace).getTable(table) != null;
    }

    private synchronized void forget(String table) {
        insertByTable.remove(table);
    }

    @Override
    public void close() throws Exception {
        try {
            super.close();  // waits for writes in flight, whose retries need the timer
        } finally {
            if (retryTimer != null) {
                retryTimer.shutdownNow();
            }
        }
    }

    private static boolean succeeded(ListenableFuture<ResultSet> future) {
        try {
            future.get();
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
