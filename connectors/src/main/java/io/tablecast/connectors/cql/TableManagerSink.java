package io.tablecast.connectors.cql;

import com.datastax.driver.core.Cluster;
import com.datastax.driver.core.KeyspaceMetadata;
import com.datastax.driver.core.Session;
import io.tablecast.connectors.cql.internal.DaemonThreads;
import io.tablecast.connectors.cql.internal.DdlQueue;
import io.tablecast.connectors.cql.internal.FallbackDrainer;
import io.tablecast.connectors.cql.internal.SplitMover;
import io.tablecast.connectors.cql.internal.SchemaStatements;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.sink.RichSinkFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The only place that runs DDL. It executes {@link AllocationCommand}s, creating a table and then registering it
 * in the catalog, and in the background moves fallback rows into tables that now exist. Run it with parallelism 1:
 * schema changes are cluster-wide and must not race each other.
 *
 * <p>DDL runs off the ingest path: {@link #invoke} only queues a command, and a thread of its own executes the queue,
 * so a slow or failing CREATE never back-pressures the records flowing to existing tables. A CREATE that fails waits
 * and is tried again while the commands behind it go ahead. A split's row move (a copy, verify and clean of a
 * shard's rows that can take minutes) has a queue and a thread of its own, so it never holds back the CREATEs records
 * are waiting for. Commands not yet executed are part of the checkpoint, so none is lost when the job restarts.
 *
 * <p>A split's rows are moved only once the checkpoint after its command completes, and not while the fallback table
 * holds rows meant for the hot table. The scheduler asks for the move when event time is an hour past the switch, but
 * the records from before the switch travel another branch of the job and may still be on their way to the hot table
 * (waiting for it to exist, in a backfill); moved then, the move found the table empty and the rows arrived after it,
 * to stay in the hot shard. With aligned checkpoints a completed checkpoint means every record the sources emitted
 * before it is written, and those records include everything from before the switch that is not late.
 *
 * <p>The keyspace's table budget is never exceeded: a command that would pass it is refused (metric
 * {@code tablesRefusedByBudget}, a warning) and waits in the queue for room, its rows in the fallback table.
 *
 * <p>Every step is idempotent (CREATE TABLE IF NOT EXISTS, catalog insert IF NOT EXISTS, copy-then-delete), so a
 * command replayed after a failure does no harm. A table the catalog lists but the cluster lacks, with rows waiting
 * for it, is created again.
 */
public final class TableManagerSink extends RichSinkFunction<AllocationCommand>
        implements CheckpointedFunction, CheckpointListener {
    private static final long serialVersionUID = 2L;
    private static final Logger LOG = LoggerFactory.getLogger(TableManagerSink.class);
    private static final long DDL_POLL_MILLIS = 100;

    private final CassandraSettings settings;
    private final CqlDialect dialect;
    private final Duration drainInterval;
    private final int tableBudget;

    private transient DdlQueue queue;
    /** Split row moves, apart from the DDL so a long one holds back no CREATE. */
    private transient DdlQueue moves;
    /** Split moves received since the last checkpoint. */
    private transient List<AllocationCommand> movesSinceCheckpoint;
    /** Split moves by the checkpoint they arrived before, held until it completes. */
    private transient NavigableMap<Long, List<AllocationCommand>> movesAwaitingCheckpoint;
    /** How many split moves are held, for the gauge (read on the metrics thread). */
    private transient AtomicInteger heldMoves;
    private transient ListState<AllocationCommand> queueState;
    private transient Cluster cluster;
    private transient Session session;
    private transient TableCatalog catalog;
    private transient Map<String, CatalogEntry> catalogEntries;
    private transient Set<String> refusedTables;
    /** ADD_SEGMENT work done ({@link AllocationCommand#key()}), so a repeat costs no catalog write. */
    private transient Set<String> recordedSegments;
    private transient PremakeHealth premake;
    private transient ScheduledExecutorService ddl;
    private transient ScheduledExecutorService drainer;
    private transient ScheduledExecutorService mover;
    private transient Counter tablesCreated;
    private transient Counter tablesRecreated;
    private transient Counter ddlFailures;
    private transient Counter tablesRefusedByBudget;
    private transient AtomicLong lastCreateMillis;
    private transient AtomicLong slowestCreateMillis;
    private transient Counter tablesCreatedLate;
    private transient Counter fallbackRowsMoved;
    private transient SplitMover splitMover;
    private transient Counter splitsMoved;
    private transient Counter splitRowsMoved;
    private transient AtomicLong fallbackRowsWaiting;

    /** @param dialect the server's: window tables get ScyllaDB's tablet hint under {@link CqlDialect#SCYLLA} */
    public TableManagerSink(CassandraSettings settings, CqlDialect dialect, Duration drainInterval, int tableBudget) {
        if (tableBudget < 1) {
            throw new IllegalArgumentException("table budget " + tableBudget + " < 1");
        }
        this.settings = settings;
        this.dialect = dialect;
        this.drainInterval = drainInterval;
        this.tableBudget = tableBudget;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        createQueues();
        queueState = context.getOperatorStateStore().getListState(
                new ListStateDescriptor<>("pending-ddl", TypeInformation.of(AllocationCommand.class)));
        // Held moves were checkpointed with the checkpoint they waited for, which is the one restored: they can run.
        for (AllocationCommand c : queueState.get()) {
            queueOf(c).offer(c);
        }
    }

    private void createQueues() {
        queue = new DdlQueue();
        moves = new DdlQueue();
        movesSinceCheckpoint = new ArrayList<>();
        movesAwaitingCheckpoint = new TreeMap<>();
        heldMoves = new AtomicInteger();
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        if (!movesSinceCheckpoint.isEmpty()) {
            movesAwaitingCheckpoint.put(context.getCheckpointId(), movesSinceCheckpoint);
            movesSinceCheckpoint = new ArrayList<>();
        }
        List<AllocationCommand> pending = new ArrayList<>(queue.commands());
        pending.addAll(moves.commands());
        movesAwaitingCheckpoint.values().forEach(pending::addAll);
        if (queueState != null) {
            queueState.update(pending);
        }
    }

    /** Releases the split moves that arrived before this checkpoint (see the class comment). */
    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        Map<Long, List<AllocationCommand>> due = movesAwaitingCheckpoint.headMap(checkpointId, true);
        for (List<AllocationCommand> held : due.values()) {
            held.forEach(moves::offer);
            heldMoves.addAndGet(-held.size());
        }
        due.clear();
    }

    private DdlQueue queueOf(AllocationCommand c) {
        return c.kind == AllocationCommand.Kind.MOVE_SPLIT_ROWS ? moves : queue;
    }

    @Override
    public void open(Configuration parameters) {
        if (queue == null) {  // run outside an operator, without state to restore
            createQueues();
        }
        cluster = new CassandraClusterBuilder(settings).getCluster();
        session = cluster.connect();
        catalog = new TableCatalog(session, settings.keyspace());
        catalogEntries = new ConcurrentHashMap<>();
        refusedTables = ConcurrentHashMap.newKeySet();
        recordedSegments = ConcurrentHashMap.newKeySet();
        premake = new PremakeHealth();
        for (CatalogEntry e : catalog.all()) {
            catalogEntries.put(e.tableName, e);
            premake.created(e, e.windowEnd.toEpochMilli());
        }

        MetricGroup metrics = getRuntimeContext().getMetricGroup().addGroup("tablecast");
        tablesCreated = metrics.counter("tablesCreated", new ThreadSafeSimpleCounter());
        tablesRecreated = metrics.counter("tablesRecreated", new ThreadSafeSimpleCounter());
        ddlFailures = metrics.counter("ddlFailures", new ThreadSafeSimpleCounter());
        tablesRefusedByBudget = metrics.counter("tablesRefusedByBudget", new ThreadSafeSimpleCounter());
        lastCreateMillis = new AtomicLong();
        metrics.gauge("lastCreateTableMillis", lastCreateMillis::get);
        slowestCreateMillis = new AtomicLong();
        metrics.gauge("slowestCreateTableMillis", slowestCreateMillis::get);
        tablesCreatedLate = metrics.counter("tablesCreatedLate", new ThreadSafeSimpleCounter());
        metrics.gauge("catalogTables", () -> catalogEntries.size());
        metrics.gauge("tableBudget", () -> tableBudget);
        metrics.gauge("pendingDdl", () -> queue.size());
        metrics.gauge("pendingSplitMoves", () -> moves.size() + heldMoves.get());
        metrics.gauge("premadeHoursAhead", () -> premake.minHoursAhead(System.currentTimeMillis()));
        metrics.gauge("liveSegments", () -> premake.liveSegments(System.currentTimeMillis()));
        fallbackRowsMoved = metrics.counter("fallbackRowsMoved", new ThreadSafeSimpleCounter());
        splitMover = new SplitMover(session, settings.keyspace());
        splitsMoved = metrics.counter("splitsMoved", new ThreadSafeSimpleCounter());
        splitRowsMoved = metrics.counter("splitRowsMoved", new ThreadSafeSimpleCounter());
        fallbackRowsWaiting = new AtomicLong();
        metrics.gauge("fallbackRowsWaiting", fallbackRowsWaiting::get);

        ddl = DaemonThreads.single("tablecast-ddl");
        ddl.scheduleWithFixedDelay(() -> runDueCommands(queue), 0, DDL_POLL_MILLIS, TimeUnit.MILLISECONDS);
        mover = DaemonThreads.single("tablecast-split-mover");
        mover.scheduleWithFixedDelay(() -> runDueCommands(moves), 0, DDL_POLL_MILLIS, TimeUnit.MILLISECONDS);
        FallbackDrainer fallback = new FallbackDrainer(cluster, session, settings.keyspace());
        drainer = DaemonThreads.single("tablecast-fallback-drainer");
        drainer.scheduleWithFixedDelay(() -> drain(fallback), drainInterval.toMillis(), drainInterval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Queues the command and returns at once; the DDL thread executes it. */
    @Override
    public void invoke(AllocationCommand command, Context context) {
        if (command.kind == AllocationCommand.Kind.CREATE && catalogEntries.containsKey(command.table)
                || command.kind == AllocationCommand.Kind.ADD_SEGMENT && recordedSegments.contains(command.key())) {
            return;
        }
        if (command.kind == AllocationCommand.Kind.MOVE_SPLIT_ROWS) {
            movesSinceCheckpoint.add(command);
            heldMoves.incrementAndGet();
            return;
        }
        queue.offer(command);
    }

    private void runDueCommands(DdlQueue due) {
        AllocationCommand next;
        while (!Thread.currentThread().isInterrupted()
                && (next = due.nextDue(System.currentTimeMillis())) != null) {
            try {
                execute(next);
                due.done(next.key());
            } catch (NotYet e) {
                due.failed(next.key(), System.currentTimeMillis());
            } catch (RuntimeException e) {
                ddlFailures.inc();
                long wait = due.failed(next.key(), System.currentTimeMillis());
                LOG.warn("{} failed (try {}); trying again in {} ms, other commands go ahead meanwhile", next,
                        due.failures(next.key()), wait, e);
            }
        }
    }

    private void execute(AllocationCommand c) {
        switch (c.kind) {
            case CREATE:
                if (!catalogEntries.containsKey(c.table)) {
                    create(c);
                }
                break;
            case RECREATE:
                createTable(c);
                tablesRecreated.inc();
                LOG.warn("re-created {}: the catalog lists it but the cluster had lost it", c.table);
                break;
            case ADD_SEGMENT:
                if (!catalog.addSegment(c.table, c.segmentId)) {
                    throw new NotYet();  // the table is not registered yet: its CREATE is still queued
                }
                recordedSegments.add(c.key());
                break;
            case MOVE_SPLIT_ROWS:
                if (!catalogEntries.containsKey(c.targetTable)) {
                    throw new NotYet();  // the new shard's table is not there yet: its CREATE is still queued
                }
                if (splitMover.fallbackHoldsRowsFor(c.table)) {
                    throw new NotYet();  // rows for the hot table wait in the fallback table: moved after the drain
                }
                SplitMover.Tally moved = splitMover.move(c);
                splitsMoved.inc();
                splitRowsMoved.inc(moved.rows);
                LOG.info("split of {}: {} moved to {} and verified", c.table, moved, c.targetTable);
                break;
            default:
                throw new IllegalArgumentException("unknown allocation command " + c.kind);
        }
    }

    private void create(AllocationCommand c) {
        if (catalogEntries.size() >= tableBudget) {
            if (refusedTables.add(c.table)) {
                tablesRefusedByBudget.inc();
                LOG.warn("not creating {}: the keyspace holds {} tables, its budget (tables.budget) is {}; its rows "
                        + "wait in the fallback table until there is room", c.table, catalogEntries.size(),
                        tableBudget);
            }
            throw new NotYet();
        }
        createTable(c);
        CatalogEntry entry = new CatalogEntry(c.table, c.segmentId, Set.of(c.segmentIds),
                Instant.ofEpochMilli(c.windowStartMillis), Instant.ofEpochMilli(c.windowEndMillis), c.shard,
                c.shardCount, TableState.ACTIVE, Instant.now(), c.plannedRows, c.plannedPeakRowsPerSecond, c.reason);
        catalog.register(entry);
        catalogEntries.put(c.table, entry);
        refusedTables.remove(c.table);
        premake.created(entry, c.windowEndMillis);
        tablesCreated.inc();
        LOG.info("created {} in {} ms ({})", c.table, lastCreateMillis.get(), c.reason);
        warnIfLate(c, System.currentTimeMillis());
    }

    /**
     * A table whose window is live by the clock and began before the table existed: live records of that window
     * waited for it. The lead (tables.plan-lead, tables.premake-windows) must cover the DDL time measured here, and
     * a margin. A backfill's windows are over by the clock; their lead is in event time and the sink waits instead.
     */
    private void warnIfLate(AllocationCommand c, long nowMillis) {
        if (nowMillis > c.windowStartMillis && nowMillis < c.windowEndMillis) {
            tablesCreatedLate.inc();
            LOG.warn("{} exists only {} ms after its window began (this CREATE took {} ms, the slowest {} ms): live"
                    + " records waited for it; give tables.plan-lead and tables.premake-windows more lead", c.table,
                    nowMillis - c.windowStartMillis, lastCreateMillis.get(), slowestCreateMillis.get());
        }
    }

    private void createTable(AllocationCommand c) {
        long started = System.nanoTime();
        session.execute(SchemaStatements.createWindowTable(settings.keyspace(), c.table,
                Duration.ofMillis(c.windowEndMillis - c.windowStartMillis), dialect, c.plannedRows));
        long millis = (System.nanoTime() - started) / 1_000_000;
        lastCreateMillis.set(millis);
        slowestCreateMillis.accumulateAndGet(millis, Math::max);
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
            recreateLostTables(pass);
        } catch (RuntimeException e) {
            // The next pass retries; every step of a pass is idempotent.
            LOG.warn("fallback drain pass failed", e);
        }
    }

    /** Rows wait for a table the catalog lists: it was created once and lost since, so make it again. */
    private void recreateLostTables(FallbackDrainer.Pass pass) {
        KeyspaceMetadata keyspace = cluster.getMetadata().getKeyspace(settings.keyspace());
        for (String table : pass.missingTables) {
            CatalogEntry entry = catalogEntries.get(table);
            if (entry != null && keyspace != null && keyspace.getTable(table) == null) {
                queue.offer(AllocationCommand.recreate(entry));
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (ScheduledExecutorService worker : new ScheduledExecutorService[] {ddl, mover, drainer}) {
            if (worker != null) {
                worker.shutdownNow();
                worker.awaitTermination(30, TimeUnit.SECONDS);
            }
        }
        if (session != null) {
            session.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    /** The command cannot run yet (the budget is full, or its table is not registered): it waits, not a failure. */
    private static final class NotYet extends RuntimeException {
        NotYet() {
            super(null, null, false, false);
        }
    }
}
