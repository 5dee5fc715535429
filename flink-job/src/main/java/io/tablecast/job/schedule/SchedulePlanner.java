package io.tablecast.job.schedule;

import io.tablecast.connectors.cql.TableNames;
import io.tablecast.connectors.model.TablePlan;
import io.tablecast.connectors.model.WindowPlan;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Decides a window's tables from its segments' outlooks: a segment whose upper bound exceeds half a table's
 * capacity gets tables of its own, as many shards as its bound needs (up to the maximum); the others are packed,
 * largest first, into shared tables of that capacity (first-fit decreasing); and there is always the window's
 * shared table for segments nobody foresaw.
 *
 * <p>A pack is sized by the upper bound of its total, not by the sum of its segments' bounds: a hundred small
 * segments are not all at their 97.5 % extreme in the same window. Each segment's margin (upper − expected) is an
 * error, errors of different segments are taken as correlated by {@value #SEGMENT_ERROR_CORRELATION} (a shared
 * shock such as an unannounced event moves them together), so a pack's margin is
 * sqrt((1 − ρ)·Σm² + ρ·(Σm)²): the sum of margins when they move as one, their root-sum-square when independent.
 *
 * <p>When that makes more tables than the window may have, the capacity is raised by half and the window planned
 * again — tighter packing, fewer shards — until it fits; the plan then says it was tightened. A deterministic
 * function of its input: the same outlooks always give the same plan.
 */
public final class SchedulePlanner implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final double TIGHTEN_STEP = 1.5;
    private static final int MAX_PACKS = 1000;
    static final double SEGMENT_ERROR_CORRELATION = 0.2;

    private final PlanningLimits limits;

    public SchedulePlanner(PlanningLimits limits) {
        this.limits = limits;
    }

    public WindowPlan plan(long windowStartMillis, long windowEndMillis, List<SegmentOutlook> outlooks) {
        List<SegmentOutlook> ordered = new ArrayList<>(outlooks);
        // Largest first; ties by id, so the plan does not depend on the order the outlooks came in.
        ordered.sort(Comparator.comparingDouble((SegmentOutlook o) -> -o.upperRows)
                .thenComparing(o -> o.segmentId));
        TablePlan shared = new TablePlan(TableNames.sharedTable(windowStartMillis), List.of(), 0, 1, 0, 0,
                TablePlan.SHARED);
        if (limits.tablesPerWindow == 1) {
            return new WindowPlan(windowStartMillis, windowEndMillis, List.of(shared), !ordered.isEmpty());
        }
        double capacity = limits.rowsPerTable;
        double total = ordered.stream().mapToDouble(o -> o.upperRows).sum();
        boolean tightened = false;
        while (true) {
            List<TablePlan> tables = layOut(windowStartMillis, ordered, capacity);
            if (tables != null) {
                tables.add(shared);
                // Fits, or cannot get smaller: one pack holding everything (and the shared table).
                if (tables.size() <= limits.tablesPerWindow || capacity >= 2 * total + 2) {
                    return new WindowPlan(windowStartMillis, windowEndMillis, tables, tightened);
                }
            }
            capacity *= TIGHTEN_STEP;
            tightened = true;
        }
    }

    /** The tables at this capacity, or null when they would need more packs than a window can name. */
    private List<TablePlan> layOut(long windowStart, List<SegmentOutlook> ordered, double capacity) {
        List<TablePlan> tables = new ArrayList<>();
        List<Pack> packs = new ArrayList<>();
        for (SegmentOutlook o : ordered) {
            if (o.upperRows > capacity / 2) {
                int shards = (int) Math.min(limits.maxShardsPerSegment, Math.ceil(o.upperRows / capacity));
                for (int s = 0; s < shards; s++) {
                    tables.add(new TablePlan(TableNames.windowTable(o.segmentId, windowStart, s),
                            List.of(o.segmentId), s, shards, Math.round(Math.ceil(o.upperRows / shards)),
                            o.peakRowsPerSecond / shards, TablePlan.DEDICATED));
                }
                continue;
            }
            Pack home = null;
            for (Pack p : packs) {
                if (p.upperWith(o) <= capacity) {
                    home = p;
                    break;
                }
            }
            if (home == null) {
                home = new Pack();
                packs.add(home);
            }
            home.add(o);
        }
        if (packs.size() > MAX_PACKS) {
            return null;
        }
        for (int i = 0; i < packs.size(); i++) {
            Pack p = packs.get(i);
            p.segments.sort(String::compareTo);
            tables.add(new TablePlan(TableNames.packedTable(windowStart, i), p.segments, 0, 1,
                    Math.round(Math.ceil(p.upperWith(null))), p.peak, TablePlan.PACKED));
        }
        return tables;
    }

    private static final class Pack {
        final List<String> segments = new ArrayList<>();
        double expected;
        double margins;
        double squaredMargins;
        double peak;

        void add(SegmentOutlook o) {
            segments.add(o.segmentId);
            double margin = o.upperRows - o.expectedRows;
            expected += o.expectedRows;
            margins += margin;
            squaredMargins += margin * margin;
            peak += o.peakRowsPerSecond;
        }

        /** The upper bound of the pack's total with {@code o} added (null: as it is). */
        double upperWith(SegmentOutlook o) {
            double margin = o == null ? 0 : o.upperRows - o.expectedRows;
            double sum = margins + margin;
            double squares = squaredMargins + margin * margin;
            double rho = SEGMENT_ERROR_CORRELATION;
            return expected + (o == null ? 0 : o.expectedRows) + Math.sqrt((1 - rho) * squares + rho * sum * sum);
        }
    }
}
