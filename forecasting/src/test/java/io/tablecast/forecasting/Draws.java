package io.tablecast.forecasting;

import java.util.Random;

/** Random counts for the tests' generated series. */
final class Draws {
    private Draws() {}

    /** A Poisson count: exact (Knuth's product of uniforms) below a mean of 100, the normal approximation from there. */
    static double poisson(Random random, double mean) {
        if (mean >= 100) {
            return Math.max(0, Math.round(mean + Math.sqrt(mean) * random.nextGaussian()));
        }
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        int k = 0;
        while (product > limit) {
            product *= random.nextDouble();
            k++;
        }
        return k;
    }
}
