package io.tablecast.job.operators;

/** "A record of this segment arrived for this window": what the window scheduler needs to know which windows to plan. */
public class WindowSighting {
    public String segmentId;
    public long intervalId;

    public WindowSighting() {}

    public WindowSighting(String segmentId, long intervalId) {
        this.segmentId = segmentId;
        this.intervalId = intervalId;
    }
}
