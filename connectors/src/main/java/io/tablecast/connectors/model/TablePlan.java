package io.tablecast.connectors.model;

import java.util.Arrays;
import java.util.List;

/**
 * One table of a window's plan: which segments it holds (none listed: the window's shared table, for segments the
 * schedule did not foresee), which shard of how many it is, and what it was sized for. A Flink POJO.
 */
public class TablePlan {
    /** Why a table exists, as the catalog records it. */
    public static final String DEDICATED = "forecast:dedicated";
    public static final String PACKED = "forecast:packed";
    public static final String SHARED = "shared-default";

    public String table;
    /** An array, not a list: Flink serializes it without falling back to Kryo. */
    public String[] segments = new String[0];
    public int shard;
    public int shardCount = 1;
    /** The upper bound of rows this table takes in its window, summed over its segments (0: no estimate). */
    public long plannedRows;
    public double plannedPeakRowsPerSecond;
    public String reason;

    public TablePlan() {}

    /** The segments it holds, as a list. */
    public List<String> segmentList() {
        return List.of(segments);
    }

    public TablePlan(String table, List<String> segments, int shard, int shardCount, long plannedRows,
                     double plannedPeakRowsPerSecond, String reason) {
        this.table = table;
        this.segments = segments.toArray(new String[0]);
        this.shard = shard;
        this.shardCount = shardCount;
        this.plannedRows = plannedRows;
        this.plannedPeakRowsPerSecond = plannedPeakRowsPerSecond;
        this.reason = reason;
    }

    @Override
    public String toString() {
        return table + Arrays.toString(segments) + (shardCount > 1 ? " shard " + shard + "/" + shardCount : "") + " rows<="
                + plannedRows;
    }
}
