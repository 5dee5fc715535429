package io.tablecast.connectors.model;

/**
 * How one segment's ended window went against its plan: the rows it received and the upper bound its tables were
 * sized by. The forecaster's accuracy on live traffic, window by window, and where capacity fell short. A Flink POJO.
 */
public class WindowOutcome {
    public String segmentId;
    public long windowStartMillis;
    public long windowEndMillis;
    /** The rows its plan expected (the forecast's point, or the live pace); NaN for plans made before it was kept. */
    public double expectedRows;
    /** The rows its plan allowed for: the forecast's upper bound, or the live pace that replaced it. */
    public double plannedUpperRows;
    public long receivedRows;
    /** Whether the plan was sized by the segment's live pace rather than by its forecast. */
    public boolean sizedByLiveTraffic;

    public WindowOutcome() {}

    public WindowOutcome(String segmentId, long windowStartMillis, long windowEndMillis, double expectedRows,
                         double plannedUpperRows, long receivedRows, boolean sizedByLiveTraffic) {
        this.segmentId = segmentId;
        this.windowStartMillis = windowStartMillis;
        this.windowEndMillis = windowEndMillis;
        this.expectedRows = expectedRows;
        this.plannedUpperRows = plannedUpperRows;
        this.receivedRows = receivedRows;
        this.sizedByLiveTraffic = sizedByLiveTraffic;
    }

    /** Whether it received more rows than its plan allowed for: capacity fell short. */
    public boolean overBound() {
        return receivedRows > plannedUpperRows;
    }

    @Override
    public String toString() {
        return "WindowOutcome{" + segmentId + " window " + windowStartMillis + ": " + receivedRows + " rows, expected "
                + Math.round(expectedRows) + ", planned " + Math.round(plannedUpperRows)
                + (sizedByLiveTraffic ? " (live pace)" : "") + "}";
    }
}
