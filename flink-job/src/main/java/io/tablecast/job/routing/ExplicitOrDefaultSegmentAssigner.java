package io.tablecast.job.routing;

import io.tablecast.connectors.model.SegmentIds;
import io.tablecast.connectors.model.Transaction;

/**
 * The segment the producer named (already validated by the parser), else a configured default. The behavioral
 * assigner replaces this once segments are derived from each user's history.
 */
public final class ExplicitOrDefaultSegmentAssigner implements SegmentAssigner {
    private static final long serialVersionUID = 1L;

    private final String defaultSegment;

    public ExplicitOrDefaultSegmentAssigner(String defaultSegment) {
        this.defaultSegment = SegmentIds.require(defaultSegment, "default segment");
    }

    @Override
    public String segmentOf(Transaction txn) {
        return txn.segment != null ? txn.segment : defaultSegment;
    }
}
