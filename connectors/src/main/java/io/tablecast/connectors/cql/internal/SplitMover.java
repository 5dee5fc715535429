package io.tablecast.connectors.cql.internal;

import com.datastax.driver.core.BatchStatement;
import com.datastax.driver.core.PreparedStatement;
import com.datastax.driver.core.ResultSetFuture;
import com.datastax.driver.core.Row;
import com.datastax.driver.core.Session;
import com.datastax.driver.core.SimpleStatement;
import com.datastax.driver.core.Statement;
import io.tablecast.connectors.cql.AllocationCommand;
import io.tablecast.connectors.model.ShardKeys;
import org.apache.commons.codec.digest.MurmurHash3;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * Moves a split's rows: those of the keys the split gave the new shard, from before its switch-over, out of the hot
 * table into the new one. Three steps, each recorded in {@code table_splits} so that a crash resumes the move where it
 * was: <b>copy</b> (upserts: a row copied twice is one row), <b>verify</b> (count and checksum of the moved rows in
 * the hot table equal those in the new one, range by moved range; the rows that came late are copied again, a few
 * rounds at most), <b>clean</b> (each moved row written to the new table once more and deleted from the hot one in one
 * logged batch, so a row that comes between the verify and its delete is never lost, with a tombstone dated ahead so
 * that a replay of the row into the hot table after a restart does not bring it back). A row of a moved key that
 * arrives after the clean stays in the hot table: stored once, and reads find it there. Reads during the move see a
 * row in both tables and keep one (QueryRouter de-duplicates by transaction id).
 */
public final class SplitMover {
    static final String COPIED = "copied";
    static final String VERIFIED = "verified";
    static final String CLEANED = "cleaned";
    private static final int PAGE = 2_000;
    private static final int IN_FLIGHT = 128;
    private static final int VERIFY_ROUNDS = 3;
    /**
     * How far ahead of now a moved row's tombstone in the hot table is dated. After a restart the window-table sink
     * writes again what it wrote since the last checkpoint (at-least-once): a moved row written again into the hot
     * table after its delete would come back beside its copy, a duplicate. A tombstone dated ahead shadows such a
     * write (Cassandra keeps the newest), for as long as a replay can come; a row of the same key that was never
     * copied has another transaction id, so it is not shadowed. Tombstones are purged by gc_grace as usual.
     */
    static final Duration SHADOW = Duration.ofDays(1);

    private final Session session;
    private final String keyspace;
    private final PreparedStatement upsertState;
    private final PreparedStatement selectState;
    private final PreparedStatement selectAnyFallbackRow;

    public SplitMover(Session session, String keyspace) {
        this.session = session;
        this.keyspace = keyspace;
        this.upsertState = session.prepare(SchemaStatements.upsertSplitState(keyspace));
        this.selectState = session.prepare(SchemaStatements.selectSplitState(keyspace));
        this.selectAnyFallbackRow = session.prepare(SchemaStatements.selectAnyFallbackRowFor(keyspace));
    }

    /**
     * Whether rows meant for the table still wait in the fallback table: a split of it moves them only once the
     * drainer has put them in it.
     */
    public boolean fallbackHoldsRowsFor(String table) {
        return session.execute(selectAnyFallbackRow.bind(table)).one() != null;
    }

    /** What a move did: rows moved and their checksum (as verified). */
    public static final class Tally {
        public long rows;
        public long checksum;

        void add(Row row) {
            rows++;
            checksum += MurmurHash3.hash128x64((row.getString("txn_id") + '|' + row.getTimestamp("ts").getTime() + '|'
                    + row.getString("user_id")).getBytes(StandardCharsets.UTF_8))[0];
        }

        boolean sameAs(Tally other) {
            return rows == other.rows && checksum == other.checksum;
        }

        void addAll(Tally other) {
            rows += other.rows;
            checksum += other.checksum;
        }

        @Override
        public String toString() {
            return rows + " rows, checksum " + Long.toHexString(checksum);
        }
    }

    /** A tally per moved range, and one for rows whose key is in none (which the new table must not hold). */
    static final class RangeTallies {
        final Tally[] byRange;
        final Tally outside = new Tally();

        RangeTallies(int ranges) {
            byRange = new Tally[ranges];
            for (int i = 0; i < ranges; i++) {
                byRange[i] = new Tally();
            }
        }

        void add(int range, Row row) {
            (range < 0 ? outside : byRange[range]).add(row);
        }

        Tally total() {
            Tally t = new Tally();
            for (Tally r : byRange) {
                t.addAll(r);
            }
            t.addAll(outside);
            return t;
        }

        /** Where two tallies first differ ("range 3: …"), or null when every range agrees. */
        String firstDifference(RangeTallies other) {
            for (int i = 0; i < byRange.length; i++) {
                if (!byRange[i].sameAs(other.byRange[i])) {
                    return "range " + i + ": " + byRange[i] + " vs " + other.byRange[i];
                }
            }
            return outside.sameAs(other.outside) ? null : "outside the moved ranges: " + outside + " vs " + other.outside;
        }
    }

    /**
     * Runs the move, or the rest of it; returns what the new table holds from before the switch once it is done (the
     * verified rows, and any that reached the hot table between the verify and the clean). Throws when the copies do
     * not verify.
     */
    public Tally move(AllocationCommand c) {
        Row state = session.execute(selectState.bind(c.targetTable)).one();
        String done = state == null ? null : state.getString("state");
        if (CLEANED.equals(done)) {
            Tally recorded = new Tally();
            recorded.rows = state.getLong("rows_moved");
            recorded.checksum = state.getLong("checksum");
            return recorded;
        }
        if (!VERIFIED.equals(done)) {
            record(c, VERIFIED, copyAndVerify(c));
        }
        clean(c);
        Tally moved = copiesIn(c).total();
        record(c, CLEANED, moved);
        return moved;
    }

    /** The rows of the new table from before the switch, by moved range: copies, as only moves put such rows there. */
    private RangeTallies copiesIn(AllocationCommand c) {
        Map<String, Integer> buckets = bucketsOf(c);
        RangeTallies copies = new RangeTallies(c.moved.size());
        for (Row row : scan(c.targetTable)) {
            if (row.getTimestamp("ts").getTime() < c.switchAtMillis) {
                copies.add(rangeOf(c, row, buckets), row);
            }
        }
        return copies;
    }

    private Tally copyAndVerify(AllocationCommand c) {
        PreparedStatement insert = session.prepare(SchemaStatements.insertRow(keyspace, c.targetTable));
        for (int round = 1; ; round++) {
            RangeTallies moved = new RangeTallies(c.moved.size());
            forEachMovedRow(c, (range, row) -> {
                moved.add(range, row);
                return RowBinder.bindCopy(insert, 0, row);
            });
            if (round == 1) {
                record(c, COPIED, moved.total());
            }
            String difference = moved.firstDifference(copiesIn(c));
            if (difference == null) {
                return moved.total();
            }
            if (round == VERIFY_ROUNDS) {
                throw new IllegalStateException("split of " + c.table + " into " + c.targetTable
                        + " does not verify, hot table vs new table in " + difference);
            }
        }
    }

    private void clean(AllocationCommand c) {
        PreparedStatement insert = session.prepare(SchemaStatements.insertRow(keyspace, c.targetTable));
        PreparedStatement delete = session.prepare(SchemaStatements.deleteRowAt(keyspace, c.table));
        long tombstoneMicros = (System.currentTimeMillis() + SHADOW.toMillis()) * 1000;
        // Logged: the copy and the delete of a row happen together or not at all, whatever fails in between.
        forEachMovedRow(c, (range, row) -> new BatchStatement(BatchStatement.Type.LOGGED)
                .add(RowBinder.bindCopy(insert, 0, row))
                .add(delete.bind(tombstoneMicros, row.getString("segment_id"), row.getString("user_id"),
                        row.getTimestamp("ts"), row.getString("txn_id"))));
    }

    /** Executes, for every row of a moved key before the switch in the hot table, the statement made from it. */
    private void forEachMovedRow(AllocationCommand c, BiFunction<Integer, Row, Statement> statement) {
        Map<String, Integer> buckets = bucketsOf(c);
        List<ResultSetFuture> inFlight = new ArrayList<>();
        for (Row row : scan(c.table)) {
            if (row.getTimestamp("ts").getTime() >= c.switchAtMillis
                    || !c.segmentId.equals(row.getString("segment_id"))) {
                continue;
            }
            int range = rangeOf(c, row, buckets);
            if (range < 0) {
                continue;
            }
            Statement s = statement.apply(range, row);
            s.setIdempotent(true);
            inFlight.add(session.executeAsync(s));
            if (inFlight.size() >= IN_FLIGHT) {
                inFlight.forEach(ResultSetFuture::getUninterruptibly);
                inFlight.clear();
            }
        }
        inFlight.forEach(ResultSetFuture::getUninterruptibly);
    }

    private static Map<String, Integer> bucketsOf(AllocationCommand c) {
        Map<String, Integer> buckets = new HashMap<>();
        for (int i = 0; i < c.hotUserIds.length; i++) {
            buckets.put(c.hotUserIds[i], c.hotUserBuckets[i]);
        }
        return buckets;
    }

    /** The moved range the row's key is in (the router's key: user, interval, bucket), or -1. */
    private static int rangeOf(AllocationCommand c, Row row, Map<String, Integer> buckets) {
        String user = row.getString("user_id");
        long key = ShardKeys.keyHash(user, Math.floorDiv(row.getTimestamp("ts").getTime(), c.routingIntervalMillis),
                ShardKeys.bucketOf(row.getString("txn_id"), buckets.getOrDefault(user, 1)));
        return c.moved.indexOf(key);
    }

    private Iterable<Row> scan(String table) {
        return session.execute(new SimpleStatement(SchemaStatements.selectAllRows(keyspace, table)).setFetchSize(PAGE));
    }

    private void record(AllocationCommand c, String state, Tally tally) {
        session.execute(upsertState.bind(c.targetTable, c.table, c.segmentId, new Date(c.switchAtMillis), state,
                tally.rows, tally.checksum, new Date()));
    }
}
