package io.tablecast.connectors.model;

/**
 * What the Kafka source hands the job for every record it reads: either a parsed transaction or the reason it was
 * rejected, always with its origin and raw bytes so that a later rejection can still dead-letter it unchanged.
 */
public class SourceRecord {
    /** The parsed transaction, or null when {@link #rejectReason} is set. */
    public Transaction txn;
    public String rejectReason;
    public String topic;
    public int partition;
    public long offset;
    public byte[] raw;

    public SourceRecord() {}

    public static SourceRecord accepted(Transaction txn, String topic, int partition, long offset, byte[] raw) {
        SourceRecord r = origin(topic, partition, offset, raw);
        r.txn = txn;
        return r;
    }

    public static SourceRecord rejected(String reason, String topic, int partition, long offset, byte[] raw) {
        SourceRecord r = origin(topic, partition, offset, raw);
        r.rejectReason = reason;
        return r;
    }

    private static SourceRecord origin(String topic, int partition, long offset, byte[] raw) {
        SourceRecord r = new SourceRecord();
        r.topic = topic;
        r.partition = partition;
        r.offset = offset;
        r.raw = raw;
        return r;
    }

    public boolean isAccepted() {
        return rejectReason == null;
    }

    public DeadLetter toDeadLetter(String reason) {
        return new DeadLetter(reason, topic, partition, offset, raw);
    }
}
