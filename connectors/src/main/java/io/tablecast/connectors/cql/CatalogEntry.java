package io.tablecast.connectors.cql;

import java.time.Instant;
import java.util.Set;
import java.util.TreeSet;

/** What the catalog knows of one table: what it holds, for which window, and where it is in its lifecycle. */
public final class CatalogEntry {
    public final String tableName;
    /** The table's one segment, or null for a packed or shared table. */
    public final String segmentId;
    /**
     * Every segment the table holds: by plan for a segment's own or a packed table; for the window's shared table,
     * each unforeseen segment as its first record is routed there. Reads ask each of them.
     */
    public final Set<String> segmentIds;
    public final Instant windowStart;
    public final Instant windowEnd;
    public final int shard;
    public final int shardCount;
    public final TableState state;
    public final Instant createdAt;
    public final long plannedRows;
    public final double plannedPeakRowsPerSecond;
    public final String reason;

    public CatalogEntry(String tableName, String segmentId, Set<String> segmentIds, Instant windowStart,
                        Instant windowEnd, int shard, int shardCount, TableState state, Instant createdAt,
                        long plannedRows, double plannedPeakRowsPerSecond, String reason) {
        this.tableName = tableName;
        this.segmentId = segmentId;
        this.segmentIds = new TreeSet<>(segmentIds);
        if (segmentId != null) {
            this.segmentIds.add(segmentId);  // entries written before segment_ids existed name only segment_id
        }
        this.plannedPeakRowsPerSecond = plannedPeakRowsPerSecond;
        this.windowStart = windowStart;
        this.windowEnd = windowEnd;
        this.shard = shard;
        this.shardCount = shardCount;
        this.state = state;
        this.createdAt = createdAt;
        this.plannedRows = plannedRows;
        this.reason = reason;
    }

    /** True when this table's window shares any instant with [fromMillis, toMillis). */
    public boolean overlaps(long fromMillis, long toMillis) {
        return windowStart.toEpochMilli() < toMillis && windowEnd.toEpochMilli() > fromMillis;
    }

    @Override
    public String toString() {
        return tableName + "{" + segmentIds + ", " + windowStart + ".." + windowEnd + ", shard " + shard + "/"
                + shardCount + ", " + state + "}";
    }
}
