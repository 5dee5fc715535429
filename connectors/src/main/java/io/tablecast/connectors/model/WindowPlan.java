package io.tablecast.connectors.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which tables a time window has and which segment writes where: a busy segment has tables of its own (several
 * shards when one would be too big), low-volume segments share packed tables, and any segment the plan does not
 * name goes to the window's shared table. Final once issued: a window's routing never changes, so a record read
 * again after a restart lands where it landed before. A Flink POJO.
 */
public class WindowPlan {
    public long windowStartMillis;
    public long windowEndMillis;
    /** An array, not a list: Flink serializes it without falling back to Kryo. */
    public TablePlan[] tables = new TablePlan[0];
    /** True when the table budget forced packing tighter than the capacity target. */
    public boolean tightened;
    /**
     * How records are placed among a segment's shards in this window (flink-job's ShardPlacement): 0, the value of
     * plans made before there was a choice, hashes the user modulo the shard count; 1 places (user, routing
     * interval) on a hash ring of {@link #virtualNodes} per shard.
     */
    public int routing;
    public long routingIntervalMillis;
    public int virtualNodes;
    /**
     * Users whose records are spread over several keys in this window (ring routing only); none in plans made before
     * there were hot users. Sorted by segment, then user.
     */
    public HotUser[] hotUsers = new HotUser[0];
    /**
     * Splits of the segments' shards decided while the window runs, in the order they were decided; each new shard's
     * table is among {@link #tables}. None in a plan as first issued.
     */
    public SegmentSplit[] splits = new SegmentSplit[0];
    /**
     * Records at or after this event time wait for a later version of the plan, which may hold a split switching then;
     * 0: the plan is final for its whole window (no splits, or none can come any more).
     */
    public long finalThroughMillis;

    private transient Map<String, List<TablePlan>> bySegment;
    private transient TablePlan shared;

    public WindowPlan() {}

    public WindowPlan(long windowStartMillis, long windowEndMillis, List<TablePlan> tables, boolean tightened) {
        this.windowStartMillis = windowStartMillis;
        this.windowEndMillis = windowEndMillis;
        this.tables = tables.toArray(new TablePlan[0]);
        this.tightened = tightened;
    }

    /**
     * The tables a segment writes to in this window, by shard (one for a packed segment, the shared table for a
     * segment the plan does not name).
     */
    public List<TablePlan> tablesOf(String segmentId) {
        index();
        List<TablePlan> own = bySegment.get(segmentId);
        return own != null ? own : List.of(shared);
    }

    public List<TablePlan> tableList() {
        return List.of(tables);
    }

    public TablePlan sharedTable() {
        index();
        return shared;
    }

    private void index() {
        if (bySegment != null) {
            return;
        }
        Map<String, List<TablePlan>> index = new HashMap<>();
        TablePlan sharedTable = null;
        for (TablePlan t : tables) {
            if (TablePlan.SHARED.equals(t.reason)) {
                sharedTable = t;
            }
            for (String segment : t.segments) {
                List<TablePlan> shards = index.computeIfAbsent(segment, s -> new ArrayList<>());
                while (shards.size() <= t.shard) {
                    shards.add(null);
                }
                shards.set(t.shard, t);
            }
        }
        if (sharedTable == null) {
            throw new IllegalStateException("plan of window " + windowStartMillis + " has no shared table");
        }
        bySegment = index;
        shared = sharedTable;
    }

    @Override
    public String toString() {
        return "WindowPlan{" + windowStartMillis + ", " + tables.length + " tables" + (tightened ? ", tightened" : "")
                + (hotUsers != null && hotUsers.length > 0 ? ", " + hotUsers.length + " hot users" : "") + "}";
    }
}
