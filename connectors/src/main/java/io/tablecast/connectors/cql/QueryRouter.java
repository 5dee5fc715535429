package io.tablecast.connectors.cql;

import com.datastax.driver.core.PreparedStatement;
import com.datastax.driver.core.Row;
import com.datastax.driver.core.Session;
import io.tablecast.connectors.cql.internal.SchemaStatements;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Answers "this user's transactions in [from, to)" by asking the catalog which tables cover the range and reading
 * the user's partition in each — one per segment the table holds, since a packed or shared table keeps several
 * segments apart by the partition key — plus any rows still waiting in the fallback table. Results are merged, de-duplicated
 * by transaction id (a row being moved out of the fallback table may briefly sit in both) and ordered by time.
 */
public final class QueryRouter {
    private final Session session;
    private final String keyspace;
    private final TableCatalog catalog;
    private final Map<String, PreparedStatement> selectByTable = new HashMap<>();
    private final PreparedStatement selectFallback;

    public QueryRouter(Session session, String keyspace) {
        this.session = session;
        this.keyspace = keyspace;
        this.catalog = new TableCatalog(session, keyspace);
        this.selectFallback = session.prepare(SchemaStatements.selectFallbackUserRows(keyspace));
    }

    public List<StoredTransaction> query(String userId, long fromMillis, long toMillis) {
        Map<String, StoredTransaction> byId = new LinkedHashMap<>();
        Date from = new Date(fromMillis);
        Date to = new Date(toMillis);
        for (CatalogEntry table : catalog.overlapping(fromMillis, toMillis)) {
            PreparedStatement select = selectByTable.computeIfAbsent(table.tableName,
                    t -> session.prepare(SchemaStatements.selectUserRows(keyspace, t)));
            for (String segment : table.segmentIds) {
                collect(session.execute(select.bind(segment, userId, from, to)), table.tableName, byId);
            }
        }
        for (Row target : session.execute(SchemaStatements.selectFallbackTargets(keyspace))) {
            String intended = target.getString("target_table");
            collect(session.execute(selectFallback.bind(intended, userId, from, to)), intended, byId);
        }
        return sorted(byId.values());
    }

    private static void collect(Iterable<Row> rows, String table, Map<String, StoredTransaction> byId) {
        for (Row row : rows) {
            StoredTransaction t = StoredTransaction.fromRow(row, table);
            byId.putIfAbsent(t.txnId, t);
        }
    }

    private static List<StoredTransaction> sorted(Collection<StoredTransaction> rows) {
        List<StoredTransaction> list = new ArrayList<>(rows);
        list.sort(StoredTransaction.BY_TIME);
        return list;
    }
}
