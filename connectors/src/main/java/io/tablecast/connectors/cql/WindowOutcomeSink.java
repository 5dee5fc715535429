package io.tablecast.connectors.cql;

import com.datastax.driver.core.PreparedStatement;
import com.datastax.driver.core.Session;
import com.datastax.driver.core.Statement;
import io.tablecast.connectors.cql.internal.IdempotentCqlSink;
import io.tablecast.connectors.cql.internal.SchemaStatements;
import io.tablecast.connectors.model.WindowOutcome;

import java.util.Date;

/**
 * Writes how each segment's ended window went against its plan into {@code window_outcomes} (segment, window start,
 * window end, expected rows, planned upper rows, received rows, sized by live traffic): operators find the segments
 * whose capacity fell short, and the forecaster's accuracy on live traffic can be read window by window.
 *
 * <p><b>Delivery guarantee:</b> at-least-once (writes in flight are awaited before a checkpoint completes), keyed by
 * (segment, window start), so an outcome written twice is one row.
 */
public final class WindowOutcomeSink extends IdempotentCqlSink<WindowOutcome> {
    private static final long serialVersionUID = 1L;

    private transient PreparedStatement insert;

    public WindowOutcomeSink(CassandraSettings settings) {
        super(settings, "window outcome", "windowOutcomesWritten", 32);
    }

    @Override
    protected void prepare(Session session) {
        insert = session.prepare(SchemaStatements.insertWindowOutcome(settings.keyspace()));
    }

    @Override
    protected Statement statementFor(WindowOutcome o) {
        return insert.bind(o.segmentId, new Date(o.windowStartMillis), new Date(o.windowEndMillis),
                Double.isNaN(o.expectedRows) ? null : o.expectedRows, o.plannedUpperRows, o.receivedRows,
                o.sizedByLiveTraffic);
    }
}
