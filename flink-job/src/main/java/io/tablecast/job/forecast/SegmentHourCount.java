package io.tablecast.job.forecast;

/** How many records of a segment arrived with event times in one hour (a subtask's share, or the whole count). */
public class SegmentHourCount {
    public static final long HOUR_MILLIS = 3_600_000L;

    public String segmentId;
    /** Hours since the epoch, UTC. */
    public long hour;
    public long count;

    public SegmentHourCount() {}

    public SegmentHourCount(String segmentId, long hour, long count) {
        this.segmentId = segmentId;
        this.hour = hour;
        this.count = count;
    }

    public static long hourOf(long tsMillis) {
        return Math.floorDiv(tsMillis, HOUR_MILLIS);
    }

    /** The first instant after the hour: once the watermark reaches it, the hour is complete. */
    public static long endOf(long hour) {
        return (hour + 1) * HOUR_MILLIS;
    }

    @Override
    public String toString() {
        return segmentId + "@" + hour + "=" + count;
    }
}
