package io.tablecast.job.schedule;

import java.io.Serializable;

/** What the schedule must respect: how many rows one table should take in a window, and how many tables exist. */
public final class PlanningLimits implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Rows a table should take in one window (by the upper bound); a segment above half of it gets its own. */
    public final long rowsPerTable;
    public final int maxShardsPerSegment;
    /** Tables one window may have, its shared table included. */
    public final int tablesPerWindow;

    public PlanningLimits(long rowsPerTable, int maxShardsPerSegment, int tablesPerWindow) {
        if (rowsPerTable < 1 || maxShardsPerSegment < 1 || tablesPerWindow < 1) {
            throw new IllegalArgumentException("limits must be positive: " + rowsPerTable + ", "
                    + maxShardsPerSegment + ", " + tablesPerWindow);
        }
        this.rowsPerTable = rowsPerTable;
        this.maxShardsPerSegment = maxShardsPerSegment;
        this.tablesPerWindow = tablesPerWindow;
    }
}
