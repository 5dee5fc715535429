package io.tablecast.connectors.cql;

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
        RECREATE
    }

    public Kind kind;
    public String table;
    public String segmentId;
    public long windowStartMillis;
    public long windowEndMillis;
    public int shard;
    public int shardCount;
    /** Rows the planner expects the table to take; 0 when it has no estimate. */
    public long plannedRows;
    /** Why the planner asked, for operators reading the catalog: for example {@code premake:clock}. */
    public String reason;

    public AllocationCommand() {}

    public static AllocationCommand create(String segmentId, long windowStartMillis, long windowEndMillis, int shard,
                                           int shardCount, long plannedRows, String reason) {
        AllocationCommand c = new AllocationCommand();
        c.kind = Kind.CREATE;
        c.table = TableNames.windowTable(segmentId, windowStartMillis, shard);
        c.segmentId = segmentId;
        c.windowStartMillis = windowStartMillis;
        c.windowEndMillis = windowEndMillis;
        c.shard = shard;
        c.shardCount = shardCount;
        c.plannedRows = plannedRows;
        c.reason = reason;
        return c;
    }

    /** The command that re-creates a table the catalog lists. */
    public static AllocationCommand recreate(CatalogEntry e) {
        AllocationCommand c = create(e.segmentId, e.windowStart.toEpochMilli(), e.windowEnd.toEpochMilli(), e.shard,
                e.shardCount, e.plannedRows, "recreate: listed in the catalog, missing from the cluster");
        c.kind = Kind.RECREATE;
        return c;
    }

    @Override
    public String toString() {
        return kind + " " + table + " (" + reason + ")";
    }
}
