package io.tablecast.connectors.cql;

import com.datastax.driver.core.PreparedStatement;
import com.datastax.driver.core.Row;
import com.datastax.driver.core.Session;
import io.tablecast.connectors.cql.internal.SchemaStatements;
import io.tablecast.connectors.model.SegmentMove;

import java.util.ArrayList;
import java.util.List;

/** A user's segments over time, as {@link SegmentMoveSink} recorded them: oldest first. */
public final class SegmentHistory {
    private final Session session;
    private final PreparedStatement select;

    public SegmentHistory(Session session, String keyspace) {
        this.session = session;
        this.select = session.prepare(SchemaStatements.selectSegmentMoves(keyspace));
    }

    public List<SegmentMove> of(String userId) {
        List<SegmentMove> moves = new ArrayList<>();
        for (Row row : session.execute(select.bind(userId))) {
            moves.add(new SegmentMove(userId, row.getTimestamp("from_ts").getTime(), row.getString("segment_id"),
                    row.getString("previous_segment_id")));
        }
        return moves;
    }
}
