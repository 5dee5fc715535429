package io.tablecast.connectors.cql;

import com.datastax.driver.core.BatchStatement;
import com.datastax.driver.core.Cluster;
import com.datastax.driver.core.PreparedStatement;
import com.datastax.driver.core.ResultSet;
import com.datastax.driver.core.Session;
import io.tablecast.connectors.cql.internal.DaemonThreads;
import io.tablecast.connectors.cql.internal.SchemaStatements;
import io.tablecast.connectors.cql.internal.WriteRetry;
import io.tablecast.connectors.model.SegmentForecast;
import org.apache.flink.cassandra.shaded.com.google.common.util.concurrent.ListenableFuture;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.sink.RichSinkFunction;

import java.io.IOException;
import java.util.Date;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Writes each issued forecast into the {@code forecasts} table: one row per forecast hour, all of a forecast in one
 * partition-local batch. Operators read it to compare what was expected with what came.
 *
 * <p><b>Delivery guarantee:</b> at-least-once (writes in flight are awaited before a checkpoint completes), and
 * rows are keyed by (segment, issued hour, target hour), so a forecast written twice is one forecast. Transient faults
 * are retried for up to {@code cassandra.write-timeout}.
 */
public final class ForecastTableSink extends RichSinkFunction<SegmentForecast> implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;
    private static final int MAX_IN_FLIGHT = 32;
    private static final long HOUR_MILLIS = 3_600_000L;

    private final CassandraSettings settings;

    private transient Cluster cluster;
    private transient Session session;
    private transient PreparedStatement insert;
    private transient Semaphore inFlight;
    private transient AtomicReference<Throwable> failure;
    private transient ScheduledExecutorService retryTimer;
    private transient WriteRetry retry;
    private transient Counter forecastsWritten;

    public ForecastTableSink(CassandraSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(Configuration parameters) {
        cluster = new CassandraClusterBuilder(settings).getCluster();
        session = cluster.connect();
        insert = session.prepare(SchemaStatements.insertForecastHour(settings.keyspace()));
        inFlight = new Semaphore(MAX_IN_FLIGHT);
        failure = new AtomicReference<>();
        retryTimer = DaemonThreads.single("tablecast-forecast-retry");
        var metrics = getRuntimeContext().getMetricGroup().addGroup("tablecast");
        forecastsWritten = metrics.counter("forecastsWritten", new ThreadSafeSimpleCounter());
        Counter retries = metrics.counter("writeRetries", new ThreadSafeSimpleCounter());
        retry = new WriteRetry(retryTimer, settings.writeTimeout(), System::nanoTime, retries::inc);
    }

    @Override
    public void invoke(SegmentForecast f, Context context) throws Exception {
        throwIfFailed();
        if (!inFlight.tryAcquire(settings.writeTimeout().toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IOException("no forecast write finished within " + settings.writeTimeout());
        }
        BatchStatement batch = new BatchStatement(BatchStatement.Type.UNLOGGED);
        Date issued = new Date(f.issuedHour * HOUR_MILLIS);
        for (int h = 0; h < f.point.length; h++) {
            batch.add(insert.bind(f.segmentId, issued, new Date((f.firstHour + h) * HOUR_MILLIS), f.point[h],
                    f.upper[h], f.model));
        }
        batch.setIdempotent(true);
        ListenableFuture<ResultSet> write = retry.run(() -> session.executeAsync(batch), null);
        write.addListener(() -> {
            try {
                write.get();
                forecastsWritten.inc();
            } catch (InterruptedException | ExecutionException e) {
                failure.compareAndSet(null, e.getCause() != null ? e.getCause() : e);
            } finally {
                inFlight.release();
            }
        }, Runnable::run);
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        flush();
    }

    @Override
    public void initializeState(FunctionInitializationContext context) {
        // Nothing to restore: every forecast written before a checkpoint completed it.
    }

    private void flush() throws Exception {
        if (!inFlight.tryAcquire(MAX_IN_FLIGHT, settings.writeTimeout().toMillis() * 2, TimeUnit.MILLISECONDS)) {
            throw new IOException("forecast writes still in flight after " + settings.writeTimeout().multipliedBy(2));
        }
        inFlight.release(MAX_IN_FLIGHT);
        throwIfFailed();
    }

    private void throwIfFailed() throws IOException {
        Throwable t = failure.get();
        if (t != null) {
            throw new IOException("a forecast write failed", t);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            if (inFlight != null) {
                flush();
            }
        } finally {
            if (retryTimer != null) {
                retryTimer.shutdownNow();
            }
            if (session != null) {
                session.close();
            }
            if (cluster != null) {
                cluster.close();
            }
        }
    }
}
