package io.tablecast.connectors.cql;

import com.datastax.driver.core.PreparedStatement;
import com.datastax.driver.core.Row;
import com.datastax.driver.core.Session;
import io.tablecast.connectors.cql.internal.SchemaStatements;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * The one source of truth for which table holds what: {@code <keyspace>.table_catalog}. Routing, reads and the
 * lifecycle ask it; a table is registered here only after its DDL succeeded, so an entry always names a real table.
 */
public final class TableCatalog {
    private final Session session;
    private final String keyspace;
    /** Prepared on first use: most users of the catalog only read it. */
    private PreparedStatement insert;

    public TableCatalog(Session session, String keyspace) {
        this.session = session;
        this.keyspace = keyspace;
    }

    /** Registers a table; registering it again changes nothing. Returns true when this call added it. */
    public boolean register(CatalogEntry e) {
        if (insert == null) {
            insert = session.prepare(SchemaStatements.insertCatalogEntry(keyspace));
        }
        return session.execute(insert.bind(e.tableName, e.segmentId, Date.from(e.windowStart),
                Date.from(e.windowEnd), e.shard, e.shardCount, e.state.name(), Date.from(e.createdAt),
                e.plannedRows, e.reason)).wasApplied();
    }

    public List<CatalogEntry> all() {
        List<CatalogEntry> entries = new ArrayList<>();
        for (Row row : session.execute(SchemaStatements.selectCatalog(keyspace))) {
            entries.add(new CatalogEntry(row.getString("table_name"), row.getString("segment_id"),
                    row.getTimestamp("window_start").toInstant(), row.getTimestamp("window_end").toInstant(),
                    row.getInt("shard"), row.getInt("shard_count"), TableState.valueOf(row.getString("state")),
                    row.getTimestamp("created_at").toInstant(), row.getLong("planned_rows"),
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
