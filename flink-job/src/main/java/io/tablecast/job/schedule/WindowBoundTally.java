package io.tablecast.job.schedule;

import io.tablecast.connectors.model.WindowOutcome;

/**
 * How often a segment's ended window stayed within the upper bound its plan was sized by: the check that the
 * capacity planned from forecasts holds, window by window. Counts since the task started.
 */
final class WindowBoundTally {
    private long within;
    private long over;

    void judge(WindowOutcome outcome) {
        if (outcome.overBound()) {
            over++;
        } else {
            within++;
        }
    }

    long within() {
        return within;
    }

    long over() {
        return over;
    }

    /** The share of judged segment-windows within their bound; NaN before any. */
    double coverage() {
        long judged = within + over;
        return judged == 0 ? Double.NaN : within / (double) judged;
    }
}
