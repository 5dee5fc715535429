package io.tablecast.job.schedule;

/** A segment's outlook for one window as a forecast issued at {@link #issuedAtMillis} saw it. A Flink POJO. */
public class TimedOutlook {
    public long issuedAtMillis;
    public double expectedRows;
    public double upperRows;
    public double peakRowsPerSecond;

    public TimedOutlook() {}

    public TimedOutlook(long issuedAtMillis, SegmentOutlook o) {
        this.issuedAtMillis = issuedAtMillis;
        this.expectedRows = o.expectedRows;
        this.upperRows = o.upperRows;
        this.peakRowsPerSecond = o.peakRowsPerSecond;
    }

    SegmentOutlook toOutlook(String segmentId) {
        return new SegmentOutlook(segmentId, expectedRows, upperRows, peakRowsPerSecond);
    }
}
