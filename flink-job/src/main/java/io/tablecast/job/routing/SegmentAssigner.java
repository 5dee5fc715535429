package io.tablecast.job.routing;

import io.tablecast.connectors.model.Transaction;

import java.io.Serializable;

/** Decides which behavioral segment a transaction belongs to. The result must be a valid segment id. */
public interface SegmentAssigner extends Serializable {
    String segmentOf(Transaction txn);
}
