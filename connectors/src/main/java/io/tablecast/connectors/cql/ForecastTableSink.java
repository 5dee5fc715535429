package io.tablecast.connectors.cql;

import com.datastax.driver.core.BatchStatement;
import com.datastax.driver.core.PreparedStatement;
import com.datastax.driver.core.Session;
import com.datastax.driver.core.Statement;
import io.tablecast.connectors.cql.internal.IdempotentCqlSink;
import io.tablecast.connectors.cql.internal.SchemaStatements;
import io.tablecast.connectors.model.SegmentForecast;

import java.util.Date;

/**
 * Writes each issued forecast into the {@code forecasts} table: one row per forecast hour, all of a forecast in one
 * partition-local batch. Operators read it to compare what was expected with what came.
 *
 * <p><b>Delivery guarantee:</b> at-least-once (writes in flight are awaited before a checkpoint completes), and
 * rows are keyed by (segment, issued hour, target hour), so a forecast written twice is one forecast. Transient faults
 * are retried for up to {@code cassandra.write-timeout}.
 */
public final class ForecastTableSink extends IdempotentCqlSink<SegmentForecast> {
    private static final long serialVersionUID = 2L;
    private static final long HOUR_MILLIS = 3_600_000L;

    private transient PreparedStatement insert;

    public ForecastTableSink(CassandraSettings settings) {
        super(settings, "forecast", "forecastsWritten", 32);
    }

    @Override
    protected void prepare(Session session) {
        insert = session.prepare(SchemaStatements.insertForecastHour(settings.keyspace()));
    }

    @Override
    protected Statement statementFor(SegmentForecast f) {
        BatchStatement batch = new BatchStatement(BatchStatement.Type.UNLOGGED);
        Date issued = new Date(f.issuedHour * HOUR_MILLIS);
        for (int h = 0; h < f.point.length; h++) {
            batch.add(insert.bind(f.segmentId, issued, new Date((f.firstHour + h) * HOUR_MILLIS), f.point[h],
                    f.upper[h], f.model));
        }
        return batch;
    }
}
