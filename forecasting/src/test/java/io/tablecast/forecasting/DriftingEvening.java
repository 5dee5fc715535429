package io.tablecast.forecasting;

import java.util.Random;

/** Hourly counts whose evening grows a little every day, as lighting load does when sunset comes earlier. */
final class DriftingEvening {
    static final long START = 483_000;

    private DriftingEvening() {}

    static double mean(long hour, double driftPerDay) {
        int clock = (int) Math.floorMod(hour, 24L);
        double day = (hour - START) / 24.0;
        double shape = 300 + 200 * Math.sin(2 * Math.PI * (clock - 8) / 24.0);
        double evening = clock == 20 ? 1 : clock == 19 || clock == 21 ? 0.5 : 0;
        return shape + evening * driftPerDay * day;
    }

    static double[] counts(int hours, double driftPerDay, long seed) {
        Random random = new Random(seed);
        double[] y = new double[hours];
        for (int i = 0; i < hours; i++) {
            y[i] = Draws.poisson(random, mean(START + i, driftPerDay));
        }
        return y;
    }
}
