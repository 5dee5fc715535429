package io.tablecast.connectors.cql.internal;

import com.datastax.driver.core.Row;
import io.tablecast.connectors.cql.AllocationCommand;
import io.tablecast.connectors.model.MovedRanges;
import io.tablecast.connectors.model.ShardKeys;
import io.tablecast.connectors.testing.TestKeyspace;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Date;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A split's rows moved on the real Cassandra server: exactly the moved keys' rows from before the switch leave the hot
 * table for the new one, verified; a move cut short resumes; a second run changes nothing.
 */
class SplitMoverITCase {
    private static final long HOUR = 3_600_000L;
    private static final long W = 20_000L * 24 * HOUR;
    private static final long SWITCH = W + 2 * HOUR;
    /** A quarter of the ring (0, 2^62], and a range across its top (2^63 - 2^60, -2^63 + 2^60]. */
    private static final MovedRanges MOVED = new MovedRanges(new long[] {0, Long.MAX_VALUE - (1L << 60)},
            new long[] {1L << 62, Long.MIN_VALUE + (1L << 60)});

    private TestKeyspace keyspace;
    private final Set<String> shouldMove = new HashSet<>();
    private final Set<String> shouldStay = new HashSet<>();

    @BeforeEach
    void setUp() {
        keyspace = TestKeyspace.create("split");
        for (String t : new String[] {"hot", "fresh"}) {
            keyspace.session.execute(SchemaStatements.createWindowTable(keyspace.name, t, Duration.ofDays(1)));
        }
        var insert = keyspace.session.prepare(SchemaStatements.insertRow(keyspace.name, "hot"));
        for (int u = 0; u < 200; u++) {
            for (int i = 0; i < 5; i++) {
                long ts = W + i * 50 * 60_000L + u * 1000L;  // 0:00 to 3:20, before and after the switch
                String txn = "t" + u + "-" + i;
                String user = "u" + u;
                int buckets = user.equals("u7") ? 4 : 1;
                keyspace.session.execute(RowBinder.bind(insert, 0, "busy", user, ts, txn, BigDecimal.ONE, "EUR",
                        null, null));
                boolean moved = ts < SWITCH && MOVED.contains(ShardKeys.keyHash(user, ts / 60_000L,
                        ShardKeys.bucketOf(txn, buckets)));
                (moved ? shouldMove : shouldStay).add(txn);
            }
        }
    }

    @AfterEach
    void tearDown() {
        keyspace.close();
    }

    private static AllocationCommand command() {
        return AllocationCommand.moveSplitRows("busy", "hot", "fresh", W, W + 24 * HOUR, SWITCH, 60_000L, MOVED,
                new String[] {"u7"}, new int[] {4});
    }

    private Set<String> txns(String table) {
        Set<String> ids = new HashSet<>();
        for (Row r : keyspace.session.execute("SELECT txn_id FROM " + keyspace.name + "." + table)) {
            ids.add(r.getString("txn_id"));
        }
        return ids;
    }

    private String state() {
        return keyspace.session.execute("SELECT state FROM " + keyspace.name + ".table_splits WHERE target_table = ?",
                "fresh").one().getString("state");
    }

    @Test
    void movesExactlyTheMovedKeysRowsFromBeforeTheSwitchAndAgainChangesNothing() {
        assertThat(shouldMove).hasSizeBetween(150, 400);  // about a third of the rows before the switch
        SplitMover mover = new SplitMover(keyspace.session, keyspace.name);
        SplitMover.Tally tally = mover.move(command());
        assertThat(tally.rows).isEqualTo(shouldMove.size());
        assertThat(txns("fresh")).isEqualTo(shouldMove);
        assertThat(txns("hot")).isEqualTo(shouldStay);
        assertThat(state()).isEqualTo(SplitMover.CLEANED);

        SplitMover.Tally again = mover.move(command());
        assertThat(again.rows).isEqualTo(tally.rows);
        assertThat(again.checksum).isEqualTo(tally.checksum);
        assertThat(txns("fresh")).isEqualTo(shouldMove);
        assertThat(txns("hot")).isEqualTo(shouldStay);
    }

    /**
     * After a restart the window-table sink writes again what it wrote since its last checkpoint: a moved row written
     * again into the hot table must not come back beside its copy (it did, before the tombstones were dated ahead).
     */
    @Test
    void aMovedRowWrittenAgainIntoTheHotTableByAReplayStaysMoved() {
        new SplitMover(keyspace.session, keyspace.name).move(command());
        var insert = keyspace.session.prepare(SchemaStatements.insertRow(keyspace.name, "hot"));
        int replayed = 0;
        for (Row r : keyspace.session.execute("SELECT " + SchemaStatements.ROW_COLUMNS + " FROM " + keyspace.name
                + ".fresh")) {
            keyspace.session.execute(RowBinder.bindCopy(insert, 0, r));  // as the sink's replay writes it
            replayed++;
        }
        assertThat(replayed).isEqualTo(shouldMove.size());
        assertThat(txns("hot")).isEqualTo(shouldStay);
        assertThat(txns("fresh")).isEqualTo(shouldMove);
    }

    /** A row in the new table from before the switch that no move put there fails the verify, naming where. */
    @Test
    void aStrayRowInTheNewTableFailsTheVerifyAndNothingIsDeleted() {
        var insert = keyspace.session.prepare(SchemaStatements.insertRow(keyspace.name, "fresh"));
        String stray = null;
        for (int u = 0; stray == null; u++) {
            if (!MOVED.contains(ShardKeys.keyHash("x" + u, W / 60_000L))) {
                stray = "x" + u;
            }
        }
        keyspace.session.execute(RowBinder.bind(insert, 0, "busy", stray, W, "stray", BigDecimal.ONE, "EUR", null,
                null));
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> new SplitMover(keyspace.session, keyspace.name).move(command()))
                .hasMessageContaining("does not verify").hasMessageContaining("outside the moved ranges");
        assertThat(txns("hot")).as("nothing deleted from the hot table").hasSize(shouldMove.size() + shouldStay.size());
        assertThat(state()).isEqualTo(SplitMover.COPIED);
    }

    @Test
    void aMoveCutShortAfterPartOfTheCopyResumesToTheSameEnd() {
        // As if the table manager died while copying: a few copies made, the split recorded as copying.
        var insert = keyspace.session.prepare(SchemaStatements.insertRow(keyspace.name, "fresh"));
        int n = 0;
        for (Row r : keyspace.session.execute("SELECT " + SchemaStatements.ROW_COLUMNS + " FROM " + keyspace.name
                + ".hot")) {
            if (shouldMove.contains(r.getString("txn_id")) && n++ < 20) {
                keyspace.session.execute(RowBinder.bindCopy(insert, 0, r));
            }
        }
        keyspace.session.execute(SchemaStatements.upsertSplitState(keyspace.name), "fresh", "hot", "busy",
                new Date(SWITCH), SplitMover.COPIED, 20L, 0L, new Date());

        SplitMover.Tally tally = new SplitMover(keyspace.session, keyspace.name).move(command());
        assertThat(tally.rows).isEqualTo(shouldMove.size());
        assertThat(txns("fresh")).isEqualTo(shouldMove);
        assertThat(txns("hot")).isEqualTo(shouldStay);
        assertThat(state()).isEqualTo(SplitMover.CLEANED);
    }
}
