package io.tablecast.job.schedule;

import io.tablecast.connectors.model.SegmentForecast;
import io.tablecast.job.forecast.SegmentHourCount;
import io.tablecast.job.forecast.UserHourCount;

/**
 * What the schedule learns about a segment's volume: a forecast, an hour's actual count once the hour closed, or a
 * busy user's count in a closed hour. Exactly one of the three is set. A Flink POJO.
 */
public class VolumeSignal {
    public SegmentForecast forecast;
    public SegmentHourCount actual;
    public UserHourCount hotUser;

    public VolumeSignal() {}

    public static VolumeSignal of(SegmentForecast forecast) {
        VolumeSignal s = new VolumeSignal();
        s.forecast = forecast;
        return s;
    }

    public static VolumeSignal of(SegmentHourCount actual) {
        VolumeSignal s = new VolumeSignal();
        s.actual = actual;
        return s;
    }

    public static VolumeSignal of(UserHourCount hotUser) {
        VolumeSignal s = new VolumeSignal();
        s.hotUser = hotUser;
        return s;
    }
}
