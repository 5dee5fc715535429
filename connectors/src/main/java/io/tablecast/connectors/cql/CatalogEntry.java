package io.tablecast.connectors.cql;

import java.time.Instant;

/** What the catalog knows of one table: what it holds, for which window, and where it is in its lifecycle. */
public final class CatalogEntry {
    public final String tableName;
    public final String segmentId;
    public final Instant windowStart;
    public final Instant windowEnd;
    public final int shard;
    public final int shardCount;
    public final TableState state;
    public final Instant createdAt;
    public final long plannedRows;
    public final String reason;

    public CatalogEntry(String tableName, String segmentId, Instant windowStart, Instant windowEnd, int shard,
                        int shardCount, TableState state, Instant createdAt, long plannedRows, String reason) {
        this.tableName = tableName;
        this.segmentId = segmentId;
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
        return tableName + "{" + segmentId + ", " + windowStart + ".." + windowEnd + ", shard " + shard + "/"
                + shardCount + ", " + state + "}";
    }
}
