package io.tablecast.connectors.cql.internal;

import com.datastax.driver.core.Cluster;
import com.datastax.driver.core.KeyspaceMetadata;
import com.datastax.driver.core.PreparedStatement;
import com.datastax.driver.core.ResultSetFuture;
import com.datastax.driver.core.Row;
import com.datastax.driver.core.Session;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Moves rows out of the fallback table into the tables they were meant for, once those exist. Each row is copied
 * first and deleted after, so a crash in between leaves a copy in both places and the next run repeats the
 * (idempotent) copy: nothing is lost, nothing is counted twice once the run completes.
 */
public final class FallbackDrainer {
    private static final int PAGE = 500;
    private final Cluster cluster;
    private final Session session;
    private final String keyspace;
    private final PreparedStatement selectRows;
    private final PreparedStatement deleteRow;
    private final Map<String, PreparedStatement> insertByTable = new HashMap<>();

    public FallbackDrainer(Cluster cluster, Session session, String keyspace) {
        this.cluster = cluster;
        this.session = session;
        this.keyspace = keyspace;
        this.selectRows = session.prepare(SchemaStatements.selectFallbackRows(keyspace));
        this.deleteRow = session.prepare(SchemaStatements.deleteFallbackRow(keyspace));
    }

    /** The outcome of one pass. */
    public static final class Pass {
        public final long moved;
        public final long waiting;
        /** Tables that rows wait for because the cluster does not have them. */
        public final List<String> missingTables;

        Pass(long moved, long waiting, List<String> missingTables) {
            this.moved = moved;
            this.waiting = waiting;
            this.missingTables = missingTables;
        }
    }

    public Pass drainOnce() {
        long moved = 0;
        long waiting = 0;
        List<String> missing = new ArrayList<>();
        KeyspaceMetadata ks = cluster.getMetadata().getKeyspace(keyspace);
        for (Row target : session.execute(SchemaStatements.selectFallbackTargets(keyspace)).all()) {
            if (Thread.currentThread().isInterrupted()) {
                break;
            }
            String table = target.getString("target_table");
            if (!CqlIdentifiers.isValid(table) || ks == null || ks.getTable(table) == null) {
                waiting += countRows(table);
                missing.add(table);
                continue;
            }
            moved += moveRows(table);
        }
        return new Pass(moved, waiting, missing);
    }

    /** Copies then deletes page by page, each page's writes in flight together. Stops early when interrupted. */
    private long moveRows(String table) {
        PreparedStatement insert = insertByTable.computeIfAbsent(table,
                t -> session.prepare(SchemaStatements.insertRow(keyspace, t)));
        long moved = 0;
        List<Row> page = new ArrayList<>(PAGE);
        for (Row row : session.execute(selectRows.bind(table).setFetchSize(PAGE))) {
            page.add(row);
            if (page.size() == PAGE) {
                moved += movePage(table, insert, page);
                if (Thread.currentThread().isInterrupted()) {
                    return moved;
                }
            }
        }
        return moved + movePage(table, insert, page);
    }

    private int movePage(String table, PreparedStatement insert, List<Row> page) {
        List<ResultSetFuture> copies = new ArrayList<>(page.size());
        for (Row row : page) {
            copies.add(session.executeAsync(RowBinder.bindCopy(insert, 0, row)));
        }
        copies.forEach(ResultSetFuture::getUninterruptibly);
        List<ResultSetFuture> deletes = new ArrayList<>(page.size());
        for (Row row : page) {
            deletes.add(session.executeAsync(deleteRow.bind(table, row.getString("segment_id"),
                    row.getString("user_id"), row.getTimestamp("ts"), row.getString("txn_id"))));
        }
        deletes.forEach(ResultSetFuture::getUninterruptibly);
        int moved = page.size();
        page.clear();
        return moved;
    }

    private long countRows(String table) {
        long n = 0;
        for (Row ignored : session.execute(selectRows.bind(table))) {
            n++;
        }
        return n;
    }
}
