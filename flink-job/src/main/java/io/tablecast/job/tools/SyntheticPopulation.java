package io.tablecast.job.tools;

import org.apache.commons.codec.digest.MurmurHash3;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Users for the sharding simulation, without a database: user {@code u} (rank 1..N) does on average
 * {@code recordsPerDay · u^-a / H} records a day (Zipf activity, exponent a), belongs to a segment drawn from a Zipf
 * over segments (exponent 1: a few large segments, a long tail of small ones; by seed, so another seed puts the
 * busiest users in other segments), and spreads a day's records over the
 * day's routing intervals by a daily profile that is near zero at night. Every draw is seeded by (seed, user, day),
 * so a figure can be reproduced and a day can be drawn again without keeping it.
 */
final class SyntheticPopulation {
    private final int users;
    private final double[] segmentCumulative;
    private final double[] intervalCumulative;
    private final double meanScale;
    private final double activityExponent;
    private final long seed;

    SyntheticPopulation(int users, int segments, double activityExponent, double recordsPerDay, int intervalsPerDay,
                        long seed) {
        this.users = users;
        this.activityExponent = activityExponent;
        this.seed = seed;
        double harmonic = 0;
        for (int u = 1; u <= users; u++) {
            harmonic += Math.pow(u, -activityExponent);
        }
        this.meanScale = recordsPerDay / harmonic;
        this.segmentCumulative = cumulative(segments, k -> 1.0 / (k + 1));
        this.intervalCumulative = cumulative(intervalsPerDay, i -> {
            double t = (i + 0.5) / intervalsPerDay;  // fraction of the day
            return 0.03 + Math.pow(Math.sin(Math.PI * t), 2);
        });
    }

    int users() {
        return users;
    }

    int intervalsPerDay() {
        return intervalCumulative.length;
    }

    /** Expected records of user u (1-based rank) in a day. */
    double meanRecords(int user) {
        return meanScale * Math.pow(user, -activityExponent);
    }

    int segmentOf(int user) {
        long h = MurmurHash3.hash128x64(("segment/" + seed + "/" + user).getBytes(StandardCharsets.UTF_8))[0];
        double uniform = (h >>> 11) * 0x1.0p-53;
        return draw(segmentCumulative, uniform);
    }

    static String userId(int user) {
        return "u" + user;
    }

    /**
     * The user's records of one day by routing interval of the day: {@code counts[i]} records in interval i. Fills
     * the given array (length {@link #intervalsPerDay()}) and returns how many records that is.
     */
    long recordsByInterval(int user, int day, long[] counts) {
        Arrays.fill(counts, 0);
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + user * 31L + day);
        double mean = meanRecords(user);
        long total = poisson(random, mean);
        if (total <= 8L * counts.length) {
            for (long r = 0; r < total; r++) {
                counts[draw(intervalCumulative, random.nextDouble())]++;
            }
        } else {
            // Many records: each interval's count is Poisson around its share (a multinomial's close twin).
            total = 0;
            for (int i = 0; i < counts.length; i++) {
                double share = intervalCumulative[i] - (i == 0 ? 0 : intervalCumulative[i - 1]);
                counts[i] = poisson(random, mean * share);
                total += counts[i];
            }
        }
        return total;
    }

    static long poisson(SplittableRandom random, double mean) {
        if (mean <= 0) {
            return 0;
        }
        if (mean > 40) {
            double draw = mean + Math.sqrt(mean) * gaussian(random);
            return Math.max(0, Math.round(draw));
        }
        double limit = Math.exp(-mean);
        double product = random.nextDouble();
        long k = 0;
        while (product > limit) {
            product *= random.nextDouble();
            k++;
        }
        return k;
    }

    private static double gaussian(SplittableRandom random) {
        double u1 = 1 - random.nextDouble();
        double u2 = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    private static int draw(double[] cumulative, double uniform) {
        int i = Arrays.binarySearch(cumulative, uniform);
        int index = i >= 0 ? i : -i - 1;
        return Math.min(index, cumulative.length - 1);
    }

    private static double[] cumulative(int n, java.util.function.IntToDoubleFunction weight) {
        double[] c = new double[n];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += weight.applyAsDouble(i);
            c[i] = sum;
        }
        for (int i = 0; i < n; i++) {
            c[i] /= sum;
        }
        return c;
    }
}
