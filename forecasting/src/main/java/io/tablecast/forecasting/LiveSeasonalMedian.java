package io.tablecast.forecasting;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;

import static io.tablecast.forecasting.FittedModelCodec.readDoubles;
import static io.tablecast.forecasting.FittedModelCodec.writeDoubles;

/**
 * The seasonal median live: each hour of the week forecast as the median of that hour in the last {@value #WEEKS}
 * weeks, so that one week's delay or cancellation is outvoted where the seasonal naive would repeat it. Holds those
 * weeks' values (NaN: missing, or a past event's hour) in a ring each new hour overwrites.
 */
final class LiveSeasonalMedian implements LiveModel {
    static final int WEEKS = 3;
    static final int HOURS = WEEKS * HourlyForecaster.WEEK;

    private final double[] recent;
    /** Where the oldest hour held is. */
    private int start;

    /** @param lastWeeks the last {@value #HOURS} hours' values, oldest first (NaN: unknown) */
    LiveSeasonalMedian(double[] lastWeeks, int start) {
        if (lastWeeks.length != HOURS) {
            throw new IllegalArgumentException("a seasonal median holds " + HOURS + " hours, not " + lastWeeks.length);
        }
        this.recent = lastWeeks.clone();
        this.start = start;
    }

    @Override
    public void update(long hour, double y) {
        recent[start] = y;
        start = (start + 1) % HOURS;
    }

    @Override
    public void forecast(long from, double[] z, int horizon) {
        double[] known = new double[WEEKS];
        for (int h = 0; h < horizon; h++) {
            int n = 0;
            for (int week = 1; week <= WEEKS; week++) {
                double v = recent[(start + HOURS - week * HourlyForecaster.WEEK + h % HourlyForecaster.WEEK) % HOURS];
                if (!Double.isNaN(v)) {
                    known[n++] = v;
                }
            }
            z[h] = n == 0 ? latestKnown() : median(known, n);
        }
    }

    /** The median of the first n (at most three) values. */
    static double median(double[] v, int n) {
        if (n == 1) {
            return v[0];
        }
        if (n == 2) {
            return (v[0] + v[1]) / 2;
        }
        return Math.max(Math.min(v[0], v[1]), Math.min(Math.max(v[0], v[1]), v[2]));
    }

    /** An hour unknown in every week held takes the latest hour known; 0 if none is. */
    private double latestKnown() {
        for (int i = HOURS - 1; i >= 0; i--) {
            double v = recent[(start + i) % HOURS];
            if (!Double.isNaN(v)) {
                return v;
            }
        }
        return 0;
    }

    @Override
    public List<ExternalEvent> events() {
        return List.of();
    }

    @Override
    public void write(DataOutputStream out) throws IOException {
        out.writeInt(start);
        writeDoubles(out, recent);
    }

    static LiveSeasonalMedian read(DataInputStream in) throws IOException {
        int start = in.readInt();
        return new LiveSeasonalMedian(readDoubles(in), start);
    }
}
