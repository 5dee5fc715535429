package io.tablecast.connectors.cql;

import com.datastax.driver.core.PreparedStatement;
import com.datastax.driver.core.Row;
import com.datastax.driver.core.Session;
import io.tablecast.connectors.cql.internal.SchemaStatements;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Set;

/**
 * The one source of truth for which table holds what: {@code <keyspace>.table_catalog}. Routing, reads and the
 * lifecycle ask it; a table is registered here only after its DDL succeeded, so an entry always names a real table.
 */
public final class TableCatalog {
    private final Session session;
    private final String keyspace;
    /** Prepared on first use: most users of the catalog only read it. */
    private PreparedStatement insert;
    private PreparedStatement addSegment;

    public TableCatalog(Session session, String keyspace) {
        this.session = session;
        this.keyspace = keyspace;
    }

    /** Registers a table; registering it again changes nothing. Returns true when this call added it. */
    public boolean register(CatalogEntry e) {
        if (insert == null) {
            insert = session.prepare(SchemaStatements.insertCatalogEntry(keyspace));
        }
        return session.execute(insert.bind(e.tableName, e.segmentId, e.segmentIds, Date.from(e.windowStart),
                Date.from(e.windowEnd), e.shard, e.shardCount, e.state.name(), Date.from(e.createdAt),
                e.plannedRows, e.plannedPeakRowsPerSecond, e.reason)).wasApplied();
    }

    /**
     * Records that a registered table holds a segment (idempotent). False when the table is not registered yet: the
     * caller tries again later rather than writing half a catalog row.
     */
    public boolean addSegment(String tableName, String segmentId) {
        if (addSegment == null) {
            addSegment = session.prepare(SchemaStatements.addCatalogSegment(keyspace));
        }
        return session.execute(addSegment.bind(Set.of(segmentId), tableName)).wasApplied();
    }

    public List<CatalogEntry> all() {
        List<CatalogEntry> entries = new ArrayList<>();
        for (Row row : session.execute(SchemaStatements.selectCatalog(keyspace))) {
            entries.add(new CatalogEntry(row.getString("table_name"), row.getString("segment_id"),
                    row.getSet("segment_ids", String.class), row.getTimestamp("window_start").toInstant(), row.getTimestamp("window_end").toInstant(),
                    row.getInt("shard"), row.getInt("shard_count"), TableState.valueOf(row.getString("state")),
                    row.getTimestamp("created_at").toInstant(), row.getLong("planned_rows"),
                    row.isNull("planned_peak_rows_per_second") ? 0 : row.getDouble("planned_peak_rows_per_second"),
                    row.getString("reason")));
        }
        return entries;
    }

    /** Tables whose window overlaps [fromMillis, toMillis). */
    public List<CatalogEntry> overlapping(long fromMillis, long toMillis) {
        List<CatalogEntry> result = new ArrayList<>();
        for (CatalogEntry e : all()) {
            if (e.overlaps(fromMillis, toMillis)) {
                result.add(e);
            }
        }
        return result;
    }
}
