package io.tablecast.connectors.model;

/**
 * A record that could not be accepted, with the reason and where it came from, so nothing that enters is lost.
 * The raw bytes are kept exactly as they were read.
 */
public class DeadLetter {
    public String reason;
    public String sourceTopic;
    public int sourcePartition;
    public long sourceOffset;
    public byte[] raw;

    public DeadLetter() {}

    public DeadLetter(String reason, String sourceTopic, int sourcePartition, long sourceOffset, byte[] raw) {
        this.reason = reason;
        this.sourceTopic = sourceTopic;
        this.sourcePartition = sourcePartition;
        this.sourceOffset = sourceOffset;
        this.raw = raw;
    }

    @Override
    public String toString() {
        return "DeadLetter{" + sourceTopic + "-" + sourcePartition + "@" + sourceOffset + ": " + reason + "}";
    }
}
