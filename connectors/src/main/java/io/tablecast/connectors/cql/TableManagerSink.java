package io.tablecast.connectors.cql;

import com.datastax.driver.core.Cluster;
import com.datastax.driver.core.Session;
import io.tablecast.connectors.cql.internal.FallbackDrainer;
import io.tablecast.connectors.cql.internal.SchemaStatements;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;
import org.apache.flink.streaming.api.functions.sink.RichSinkFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The only place that runs DDL. It executes {@link AllocationCommand}s, creating a table and then registering it
 * in the catalog, and in the background moves fallback rows into tables that now exist. Run it with parallelism 1:
 * schema changes are cluster-wide and must not race each other.
 *
 * <p>Every step is idempotent (CREATE TABLE IF NOT EXISTS, catalog insert IF NOT EXISTS, copy-then-delete), so a
 * command replayed after a failure does no harm.
 */
public final class TableManagerSink extends RichSinkFunction<AllocationCommand> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(TableManagerSink.class);

    private final CassandraSettings settings;
    private final Duration drainInterval;

    private transient Cluster cluster;
    private transient Session session;
    private transient TableCatalog catalog;
    private transient Set<String> knownTables;
    private transient PremakeHealth premake;
    private transient ScheduledExecutorService drainer;
    private transient Counter tablesCreated;
    private transient Counter ddlFailures;
    private transient AtomicLong lastCreateMillis;
    private transient Counter fallbackRowsMoved;
    private transient AtomicLong fallbackRowsWaiting;

    public TableManagerSink(CassandraSettings settings, Duration drainInterval) {
        this.settings = settings;
        this.drainInterval = drainInterval;
    }

    @Override
    public void open(Configuration parameters) {
        cluster = new CassandraClusterBuilder(settings).getCluster();
        session = cluster.connect();
        catalog = new TableCatalog(session, settings.keyspace());
        knownTables = new HashSet<>();
        premake = new PremakeHealth();
        for (CatalogEntry e : catalog.all()) {
            knownTables.add(e.tableName);
            premake.created(e.segmentId, e.windowEnd.toEpochMilli());
        }

        MetricGroup metrics = getRuntimeContext().getMetricGroup().addGroup("tablecast");
        tablesCreated = metrics.counter("tablesCreated");
        ddlFailures = metrics.counter("ddlFailures");
        lastCreateMillis = new AtomicLong();
        metrics.gauge("lastCreateTableMillis", lastCreateMillis::get);
        metrics.gauge("catalogTables", () -> knownTables.size());
        metrics.gauge("premadeHoursAhead", () -> premake.minHoursAhead(System.currentTimeMillis()));
        metrics.gauge("liveSegments", () -> premake.liveSegments(System.currentTimeMillis()));
        fallbackRowsMoved = metrics.counter("fallbackRowsMoved", new ThreadSafeSimpleCounter());
        fallbackRowsWaiting = new AtomicLong();
        metrics.gauge("fallbackRowsWaiting", fallbackRowsWaiting::get);

        FallbackDrainer fallback = new FallbackDrainer(cluster, session, settings.keyspace());
        drainer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "tablecast-fallback-drainer");
            t.setDaemon(true);
            return t;
        });
        drainer.scheduleWithFixedDelay(() -> drain(fallback), drainInterval.toMillis(), drainInterval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void invoke(AllocationCommand command, Context context) {
        switch (command.kind) {
            case CREATE:
                create(command);
                break;
            default:
                throw new IllegalArgumentException("unknown allocation command " + command.kind);
        }
    }

    private void create(AllocationCommand c) {
        if (knownTables.contains(c.table)) {
            return;
        }
        long started = System.nanoTime();
        try {
            session.execute(SchemaStatements.createWindowTable(settings.keyspace(), c.table));
        } catch (RuntimeException e) {
            ddlFailures.inc();
            throw e;
        }
        lastCreateMillis.set((System.nanoTime() - started) / 1_000_000);
        catalog.register(new CatalogEntry(c.table, c.segmentId, Instant.ofEpochMilli(c.windowStartMillis),
                Instant.ofEpochMilli(c.windowEndMillis), c.shard, c.shardCount, TableState.ACTIVE, Instant.now(),
                c.plannedRows, c.reason));
        knownTables.add(c.table);
        premake.created(c.segmentId, c.windowEndMillis);
        tablesCreated.inc();
        LOG.info("created {} in {} ms ({})", c.table, lastCreateMillis.get(), c.reason);
    }

    private void drain(FallbackDrainer fallback) {
        try {
            FallbackDrainer.Pass pass = fallback.drainOnce();
            fallbackRowsMoved.inc(pass.moved);
            fallbackRowsWaiting.set(pass.waiting);
            if (pass.moved > 0) {
                LOG.info("moved {} fallback rows into their tables; {} still wait for a table", pass.moved,
                        pass.waiting);
            }
        } catch (RuntimeException e) {
            // The next pass retries; every step of a pass is idempotent.
            LOG.warn("fallback drain pass failed", e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (drainer != null) {
            drainer.shutdownNow();
            drainer.awaitTermination(30, TimeUnit.SECONDS);
        }
        if (session != null) {
            session.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }
}
