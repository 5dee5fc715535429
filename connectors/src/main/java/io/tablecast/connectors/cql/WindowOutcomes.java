package io.tablecast.connectors.cql;

import com.datastax.driver.core.Row;
import com.datastax.driver.core.Session;
import io.tablecast.connectors.cql.internal.SchemaStatements;
import io.tablecast.connectors.model.WindowOutcome;

import java.util.ArrayList;
import java.util.List;

/** Reads {@code window_outcomes}, what {@link WindowOutcomeSink} writes. */
public final class WindowOutcomes {
    private WindowOutcomes() {}

    /** One segment's outcomes, newest window first. */
    public static List<WindowOutcome> ofSegment(Session session, String keyspace, String segmentId) {
        return read(session.execute(SchemaStatements.selectWindowOutcomesOfSegment(keyspace), segmentId));
    }

    /** Every segment's outcomes (a whole-table scan, paged: for tools, not for the job). */
    public static List<WindowOutcome> all(Session session, String keyspace) {
        return read(session.execute(SchemaStatements.selectWindowOutcomes(keyspace)));
    }

    private static List<WindowOutcome> read(Iterable<Row> rows) {
        List<WindowOutcome> outcomes = new ArrayList<>();
        for (Row r : rows) {
            double expected = r.isNull("expected_rows") ? Double.NaN : r.getDouble("expected_rows");
            outcomes.add(new WindowOutcome(r.getString("segment_id"), r.getTimestamp("window_start").getTime(),
                    r.getTimestamp("window_end").getTime(), expected, r.getDouble("planned_upper_rows"),
                    r.getLong("received_rows"), r.getBool("sized_by_live_traffic")));
        }
        return outcomes;
    }
}
