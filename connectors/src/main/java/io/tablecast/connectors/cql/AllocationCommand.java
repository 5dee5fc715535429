package io.tablecast.connectors.cql;

import io.tablecast.connectors.model.MovedRanges;
import io.tablecast.connectors.model.TablePlan;

import java.time.Instant;

/**
 * What a planner asks the table manager to do. A Flink POJO. Commands are idempotent: executing one twice leaves
 * the same tables and catalog as executing it once, so they can be replayed after a failure.
 */
public class AllocationCommand {
    /** The kinds of work the table manager does; the lifecycle work adds seal, archive and drop. */
    public enum Kind {
        /** Create the table (if missing) and register it in the catalog. */
        CREATE,
        /** Create again a table the catalog lists but the cluster lacks (dropped by hand), so its rows have a home. */
        RECREATE,
        /** Record in the catalog that a table (a window's shared table) now holds one more segment, for reads. */
        ADD_SEGMENT,
        /**
         * After a split: copy the rows of the moved keys from before the switch from the hot table ({@link #table})
         * to the new one ({@link #targetTable}), verify, then delete them from the hot table.
         */
        MOVE_SPLIT_ROWS
    }

    public Kind kind;
    public String table;
    /** The table's segment when it holds one; null for a packed or the shared table (see {@link #segmentIds}). */
    public String segmentId;
    /** Every segment the table holds by plan; empty for the shared table, which takes whoever comes. */
    public String[] segmentIds = new String[0];
    public long windowStartMillis;
    public long windowEndMillis;
    public int shard;
    public int shardCount;
    /** Rows the planner expects the table to take; 0 when it has no estimate. */
    public long plannedRows;
    public double plannedPeakRowsPerSecond;
    /** Why the planner asked, for operators reading the catalog: for example {@code premake:clock}. */
    public String reason;

    /** MOVE_SPLIT_ROWS: where the moved keys' rows go, which rows (before the switch, keys in the ranges). */
    public String targetTable;
    public long switchAtMillis;
    public long routingIntervalMillis;
    public MovedRanges moved;
    /** MOVE_SPLIT_ROWS: the segment's hot users in the window and their buckets (keys are per bucket for them). */
    public String[] hotUserIds = new String[0];
    public int[] hotUserBuckets = new int[0];

    public AllocationCommand() {}

    public static AllocationCommand create(String segmentId, long windowStartMillis, long windowEndMillis, int shard,
                                           int shardCount, long plannedRows, String reason) {
        AllocationCommand c = new AllocationCommand();
        c.kind = Kind.CREATE;
        c.table = TableNames.windowTable(segmentId, windowStartMillis, shard);
        c.segmentId = segmentId;
        c.segmentIds = new String[] {segmentId};
        c.windowStartMillis = windowStartMillis;
        c.windowEndMillis = windowEndMillis;
        c.shard = shard;
        c.shardCount = shardCount;
        c.plannedRows = plannedRows;
        c.reason = reason;
        return c;
    }

    /** The command that creates a table of a window's plan. */
    public static AllocationCommand create(TablePlan t, long windowStartMillis, long windowEndMillis) {
        AllocationCommand c = new AllocationCommand();
        c.kind = Kind.CREATE;
        c.table = t.table;
        c.segmentIds = t.segments.clone();
        c.segmentId = t.segments.length == 1 ? t.segments[0] : null;
        c.windowStartMillis = windowStartMillis;
        c.windowEndMillis = windowEndMillis;
        c.shard = t.shard;
        c.shardCount = t.shardCount;
        c.plannedRows = t.plannedRows;
        c.plannedPeakRowsPerSecond = t.plannedPeakRowsPerSecond;
        c.reason = t.reason;
        return c;
    }

    /** The command that records an unforeseen segment in the table it was routed to. */
    public static AllocationCommand addSegment(String table, String segmentId, long windowStartMillis,
                                               long windowEndMillis) {
        AllocationCommand c = new AllocationCommand();
        c.kind = Kind.ADD_SEGMENT;
        c.table = table;
        c.segmentId = segmentId;
        c.segmentIds = new String[] {segmentId};
        c.windowStartMillis = windowStartMillis;
        c.windowEndMillis = windowEndMillis;
        c.reason = "segment seen";
        return c;
    }

    /** What makes two commands the same work: the table, for ADD_SEGMENT the segment too, for a move its target. */
    public String key() {
        switch (kind) {
            case ADD_SEGMENT:
                return table + "+" + segmentId;
            case MOVE_SPLIT_ROWS:
                return table + ">" + targetTable;
            default:
                return table;
        }
    }

    /**
     * The command that moves a split's rows: those of keys in {@code moved}, with event times before
     * {@code switchAtMillis}, from {@code hotTable} to {@code newTable}.
     */
    public static AllocationCommand moveSplitRows(String segmentId, String hotTable, String newTable,
                                                  long windowStartMillis, long windowEndMillis, long switchAtMillis,
                                                  long routingIntervalMillis, MovedRanges moved,
                                                  String[] hotUserIds, int[] hotUserBuckets) {
        AllocationCommand c = new AllocationCommand();
        c.kind = Kind.MOVE_SPLIT_ROWS;
        c.table = hotTable;
        c.targetTable = newTable;
        c.segmentId = segmentId;
        c.segmentIds = new String[] {segmentId};
        c.windowStartMillis = windowStartMillis;
        c.windowEndMillis = windowEndMillis;
        c.switchAtMillis = switchAtMillis;
        c.routingIntervalMillis = routingIntervalMillis;
        c.moved = moved;
        c.hotUserIds = hotUserIds.clone();
        c.hotUserBuckets = hotUserBuckets.clone();
        c.reason = "split: moved keys' rows before " + Instant.ofEpochMilli(switchAtMillis);
        return c;
    }

    /** The command that re-creates a table the catalog lists. */
    public static AllocationCommand recreate(CatalogEntry e) {
        AllocationCommand c = new AllocationCommand();
        c.kind = Kind.RECREATE;
        c.table = e.tableName;
        c.segmentId = e.segmentId;
        c.windowStartMillis = e.windowStart.toEpochMilli();
        c.windowEndMillis = e.windowEnd.toEpochMilli();
        c.shard = e.shard;
        c.shardCount = e.shardCount;
        c.plannedRows = e.plannedRows;
        c.reason = "recreate: listed in the catalog, missing from the cluster";
        return c;
    }

    @Override
    public String toString() {
        return kind + " " + table + " (" + reason + ")";
    }
}
