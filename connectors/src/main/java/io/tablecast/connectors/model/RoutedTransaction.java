package io.tablecast.connectors.model;

/**
 * A transaction with the place it is written to: its segment, its time window and the physical table that the
 * shard router chose. The composite shard key is (user id, segment id, interval id).
 */
public class RoutedTransaction {
    public Transaction txn;
    public String segmentId;
    /** Index of the time window, counted from the epoch in window lengths. */
    public long intervalId;
    public int shard;
    public String table;

    public RoutedTransaction() {}

    public RoutedTransaction(Transaction txn, String segmentId, long intervalId, int shard, String table) {
        this.txn = txn;
        this.segmentId = segmentId;
        this.intervalId = intervalId;
        this.shard = shard;
        this.table = table;
    }

    @Override
    public String toString() {
        return "RoutedTransaction{" + txn.txnId + " -> " + table + "}";
    }
}
