package io.tablecast.forecasting;

import java.util.Random;

/**
 * A small airport's departures an hour: one 6, 13 and 19 hours into every day from the first hour, each an hour late
 * on 4 % of days (a delay across the hour).
 */
final class Timetable {
    private static final int[] SCHEDULE = {6, 13, 19};
    static final double LATE = 0.04;

    private Timetable() {}

    static double[] departures(int hours, long seed) {
        Random r = new Random(seed);
        double[] y = new double[hours];
        for (int day = 0; day * 24 < hours; day++) {
            for (int clock : SCHEDULE) {
                int at = day * 24 + clock + (r.nextDouble() < LATE ? 1 : 0);
                if (at < hours) {
                    y[at] += 1;
                }
            }
        }
        return y;
    }

    /** Whether a departure is scheduled in the hour this many hours from the first. */
    static boolean scheduled(int hour) {
        int clock = hour % 24;
        for (int s : SCHEDULE) {
            if (clock == s) {
                return true;
            }
        }
        return false;
    }
}
