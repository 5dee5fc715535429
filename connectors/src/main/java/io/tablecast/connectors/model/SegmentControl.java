package io.tablecast.connectors.model;

/**
 * One record of the behavioral segments' control topics: a user's {@link UserProfile} (from {@code user-profiles})
 * or a new version of the segment rules (from {@code segment-rules}: the rules as JSON text, in force for decisions
 * of days starting at or after {@link #rulesEffectiveFromMillis}). Or, when {@link #rejectReason} is set, a record
 * that could not be read as either, with its origin and raw bytes for the dead-letter topic. A Flink POJO.
 */
public class SegmentControl {
    /** Set for a profile update; null for rules. */
    public UserProfile profile;
    /** Set for a rules update: the rules object, checked by the job before it is used. */
    public String rulesJson;
    public long rulesEffectiveFromMillis;

    public String rejectReason;
    public String topic;
    public int partition;
    public long offset;
    public byte[] raw;

    public SegmentControl() {}

    public boolean isAccepted() {
        return rejectReason == null;
    }

    public boolean isProfile() {
        return profile != null;
    }

    public DeadLetter toDeadLetter() {
        return new DeadLetter(rejectReason, topic, partition, offset, raw);
    }

    @Override
    public String toString() {
        return !isAccepted() ? "SegmentControl{rejected: " + rejectReason + "}"
                : isProfile() ? "profile " + profile : "rules from " + rulesEffectiveFromMillis;
    }
}
