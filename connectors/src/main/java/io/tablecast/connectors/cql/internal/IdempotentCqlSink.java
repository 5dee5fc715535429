package io.tablecast.connectors.cql.internal;

import com.datastax.driver.core.Cluster;
import com.datastax.driver.core.Session;
import com.datastax.driver.core.Statement;
import io.tablecast.connectors.cql.CassandraClusterBuilder;
import io.tablecast.connectors.cql.CassandraSettings;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.sink.RichSinkFunction;

/**
 * A small sink of idempotent CQL writes: one statement per element, written asynchronously ({@link AsyncWriter}) and
 * all awaited before a checkpoint completes — at least once, and once in effect since a statement written twice is
 * one row. A subclass prepares its statements and turns an element into one.
 */
public abstract class IdempotentCqlSink<T> extends RichSinkFunction<T> implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    protected final CassandraSettings settings;
    private final String what;
    private final String writtenMetric;
    private final int maxInFlight;

    private transient Cluster cluster;
    private transient Session session;
    private transient AsyncWriter writer;

    /** {@code what} names the writes in errors; {@code writtenMetric} counts the elements written. */
    protected IdempotentCqlSink(CassandraSettings settings, String what, String writtenMetric, int maxInFlight) {
        this.settings = settings;
        this.what = what;
        this.writtenMetric = writtenMetric;
        this.maxInFlight = maxInFlight;
    }

    /** Prepares what {@link #statementFor} binds. */
    protected abstract void prepare(Session session);

    protected abstract Statement statementFor(T element);

    @Override
    public void open(Configuration parameters) {
        cluster = new CassandraClusterBuilder(settings).getCluster();
        session = cluster.connect();
        prepare(session);
        MetricGroup metrics = getRuntimeContext().getMetricGroup().addGroup("tablecast");
        writer = new AsyncWriter(session, settings.writeTimeout(), maxInFlight, what,
                metrics.counter(writtenMetric, new ThreadSafeSimpleCounter()),
                metrics.counter("writeRetries", new ThreadSafeSimpleCounter()));
    }

    @Override
    public void invoke(T element, Context context) throws Exception {
        writer.write(statementFor(element));
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        writer.flush();
    }

    @Override
    public void initializeState(FunctionInitializationContext context) {
        // Nothing to restore: every element before a checkpoint was written when it completed.
    }

    @Override
    public void close() throws Exception {
        try {
            if (writer != null) {
                writer.close();
            }
        } finally {
            if (session != null) {
                session.close();
            }
            if (cluster != null) {
                cluster.close();
            }
        }
    }
}
