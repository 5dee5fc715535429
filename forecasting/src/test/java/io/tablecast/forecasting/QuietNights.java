package io.tablecast.forecasting;

import java.util.Random;

/**
 * Hourly counts shaped like card transactions: nights near zero, a noon and an early-evening peak, and noise beyond
 * Poisson's (a gamma-mixed rate), so the busy hours' errors are wider than the night's even after a square root.
 */
final class QuietNights {
    static final long START = 483_000;
    /** The rate's gamma shape: variance μ + μ²/shape. */
    private static final double SHAPE = 10;

    private QuietNights() {}

    static double mean(long hour) {
        int clock = (int) Math.floorMod(hour, 24L);
        return 200 * (0.02 + 0.9 * Math.exp(-Math.pow((clock - 12.5) / 3.2, 2))
                + 0.7 * Math.exp(-Math.pow((clock - 18) / 2.5, 2)));
    }

    static double[] counts(int hours, long seed) {
        Random random = new Random(seed);
        double[] y = new double[hours];
        for (int i = 0; i < hours; i++) {
            y[i] = Draws.poisson(random, gamma(random, mean(START + i)));
        }
        return y;
    }

    /** A gamma-distributed rate with this mean and shape {@link #SHAPE} (an integer: a sum of exponentials). */
    private static double gamma(Random random, double mean) {
        double sum = 0;
        for (int k = 0; k < SHAPE; k++) {
            sum -= Math.log(1 - random.nextDouble());
        }
        return sum * mean / SHAPE;
    }
}
