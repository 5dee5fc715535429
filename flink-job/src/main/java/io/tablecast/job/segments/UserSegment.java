package io.tablecast.job.segments;

import java.util.Arrays;

/**
 * One user's segment state: the segment in force and since when, the last day decided, the behavior it is decided
 * from, and the user's last few segments (for records that arrive late, after a move). A Flink POJO.
 */
public class UserSegment {
    /** Moves remembered for late records; a record older than all of them takes the oldest. */
    static final int HISTORY = 4;

    public String segment;
    /** Days since the epoch. */
    public long sinceDay;
    public long decidedDay;
    /** Whether the segment was named by the user's profile rather than decided by the rules. */
    public boolean explicit;
    public BehaviorFeatures behavior;
    /** The first day of each remembered segment, oldest first, and the segment. */
    public long[] historyFrom = new long[0];
    public String[] historySegments = new String[0];

    public UserSegment() {}

    static UserSegment first(String segment, long day, BehaviorFeatures behavior) {
        UserSegment u = new UserSegment();
        u.behavior = behavior;
        u.moveTo(segment, day);
        u.decidedDay = day;
        return u;
    }

    void moveTo(String to, long day) {
        segment = to;
        sinceDay = day;
        int keep = Math.min(historyFrom.length, HISTORY - 1);
        long[] from = Arrays.copyOfRange(historyFrom, historyFrom.length - keep, historyFrom.length + 1);
        String[] segments = Arrays.copyOfRange(historySegments, historySegments.length - keep,
                historySegments.length + 1);
        from[keep] = day;
        segments[keep] = to;
        historyFrom = from;
        historySegments = segments;
    }

    /** The segment the user was in on {@code day} (the oldest remembered one for days before it). */
    String segmentOn(long day) {
        for (int i = historyFrom.length - 1; i >= 0; i--) {
            if (historyFrom[i] <= day) {
                return historySegments[i];
            }
        }
        return historySegments[0];
    }
}
