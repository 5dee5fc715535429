package io.tablecast.job.operators;

import io.tablecast.connectors.model.RoutedTransaction;
import io.tablecast.connectors.model.Transaction;
import io.tablecast.job.routing.SegmentAssigner;
import io.tablecast.job.routing.TimeWindows;
import org.apache.flink.api.common.functions.MapFunction;

/**
 * Gives each transaction its segment and time window: what counting, planning and routing all start from. The
 * table comes later, from the window's plan. Stateless and deterministic.
 */
public final class AssignSegment implements MapFunction<Transaction, RoutedTransaction> {
    private static final long serialVersionUID = 1L;

    private final SegmentAssigner segments;
    private final TimeWindows windows;

    public AssignSegment(SegmentAssigner segments, TimeWindows windows) {
        this.segments = segments;
        this.windows = windows;
    }

    @Override
    public RoutedTransaction map(Transaction txn) {
        return new RoutedTransaction(txn, segments.segmentOf(txn), windows.intervalId(txn.tsMillis), 0, null);
    }
}
