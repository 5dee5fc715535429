package io.tablecast.connectors.model;

import java.util.ArrayList;
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
    public List<String> segments = new ArrayList<>();
    public int shard;
    public int shardCount = 1;
    /** The upper bound of rows this table takes in its window, summed over its segments (0: no estimate). */
    public long plannedRows;
    public double plannedPeakRowsPerSecond;
    public String reason;

    public TablePlan() {}

    public TablePlan(String table, List<String> segments, int shard, int shardCount, long plannedRows,
                     double plannedPeakRowsPerSecond, String reason) {
        this.table = table;
        this.segments = new ArrayList<>(segments);
        this.shard = shard;
        this.shardCount = shardCount;
        this.plannedRows = plannedRows;
        this.plannedPeakRowsPerSecond = plannedPeakRowsPerSecond;
        this.reason = reason;
    }

    @Override
    public String toString() {
        return table + segments + (shardCount > 1 ? " shard " + shard + "/" + shardCount : "") + " rows<="
                + plannedRows;
    }
}
