package io.tablecast.job.forecast;

/**
 * How many records one user had in one segment in a closed hour: reported only for users at or above the hot-key
 * floor, so the schedule can spread the busiest users' keys. A Flink POJO.
 */
public class UserHourCount {
    public String segmentId;
    public String userId;
    /** Hours since the epoch, UTC. */
    public long hour;
    public long count;

    public UserHourCount() {}

    public UserHourCount(String segmentId, String userId, long hour, long count) {
        this.segmentId = segmentId;
        this.userId = userId;
        this.hour = hour;
        this.count = count;
    }

    @Override
    public String toString() {
        return segmentId + "/" + userId + "@" + hour + "=" + count;
    }
}
