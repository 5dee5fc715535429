package io.tablecast.job.schedule;

import io.tablecast.connectors.model.SegmentForecast;
import io.tablecast.job.forecast.SegmentHourCount;

/**
 * What the schedule learns about a segment's volume: a forecast, or an hour's actual count once the hour closed.
 * Exactly one of the two is set. A Flink POJO.
 */
public class VolumeSignal {
    public SegmentForecast forecast;
    public SegmentHourCount actual;

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
}
