package io.tablecast.forecasting;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;

import static io.tablecast.forecasting.FittedModelCodec.readDoubles;
import static io.tablecast.forecasting.FittedModelCodec.writeDoubles;

/** The seasonal naive live: the last period's values, a ring the next hour overwrites (a missing hour keeps its). */
final class LiveSeasonalNaive implements LiveModel {
    private final double[] lastPeriod;
    private int start;

    /** @param lastPeriod the last period's values, oldest first, missing ones already filled */
    LiveSeasonalNaive(double[] lastPeriod, int start) {
        this.lastPeriod = lastPeriod.clone();
        this.start = start;
    }

    @Override
    public void update(long hour, double y) {
        if (!Double.isNaN(y)) {
            lastPeriod[start] = y;
        }
        start = (start + 1) % lastPeriod.length;
    }

    @Override
    public void forecast(long from, double[] z, int horizon) {
        for (int h = 0; h < horizon; h++) {
            z[h] = lastPeriod[(start + h) % lastPeriod.length];
        }
    }

    @Override
    public List<ExternalEvent> events() {
        return List.of();
    }

    @Override
    public void write(DataOutputStream out) throws IOException {
        out.writeInt(start);
        writeDoubles(out, lastPeriod);
    }

    static LiveSeasonalNaive read(DataInputStream in) throws IOException {
        int start = in.readInt();
        return new LiveSeasonalNaive(readDoubles(in), start);
    }
}
