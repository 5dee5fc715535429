package io.tablecast.connectors.cql;

import com.datastax.driver.core.PreparedStatement;
import com.datastax.driver.core.Session;
import com.datastax.driver.core.Statement;
import io.tablecast.connectors.cql.internal.IdempotentCqlSink;
import io.tablecast.connectors.cql.internal.SchemaStatements;
import io.tablecast.connectors.model.SegmentMove;

import java.util.Date;

/**
 * Writes each user's first segment and every move into {@code segment_moves} (user, from, segment, previous), the
 * history reads follow ({@link SegmentHistory}).
 *
 * <p><b>Delivery guarantee:</b> at-least-once (writes in flight are awaited before a checkpoint completes), keyed by
 * (user, from), so a move written twice is one row. A move and the first rows under it reach Cassandra within the
 * same checkpoint, in no fixed order.
 */
public final class SegmentMoveSink extends IdempotentCqlSink<SegmentMove> {
    private static final long serialVersionUID = 1L;

    private transient PreparedStatement insert;

    public SegmentMoveSink(CassandraSettings settings) {
        super(settings, "segment move", "segmentMovesWritten", 64);
    }

    @Override
    protected void prepare(Session session) {
        insert = session.prepare(SchemaStatements.insertSegmentMove(settings.keyspace()));
    }

    @Override
    protected Statement statementFor(SegmentMove move) {
        return insert.bind(move.userId, new Date(move.fromMillis), move.segmentId, move.previousSegmentId);
    }
}
