package io.tablecast.forecasting.cli;

import io.tablecast.forecasting.Forecast;
import io.tablecast.forecasting.HourlyForecaster;
import org.apache.commons.math3.distribution.PoissonDistribution;
import org.apache.commons.math3.random.MersenneTwister;

import java.util.Arrays;
import java.util.Locale;

/**
 * How the forecaster does on traffic it was not tuned on: Poisson counts around a daily and weekly cycle at four
 * volumes (0.3 to 3 000 an hour) under four behaviours of the level — steady, a +80 % shift inside the history, a
 * steady climb, a random walk. For each it prints the mean absolute error at 1–24 and 1–168 hours relative to the
 * weekly seasonal naive's (below 1: better than repeating last week) and the coverage of the upper bound (target
 * 0.975), over rolling origins after {@code weeks} of history (default 8), for each of {@code seeds} seeds (default
 * 3). {@code CountScenarios [seeds] [weeks]}.
 */
public final class CountScenarios {
    private static final int WEEK = 168;
    private static final int FUTURE = 4 * WEEK;

    /** How the level under the daily and weekly cycle behaves. */
    public enum Level { STEADY, SHIFT, TREND, WALK }

    private CountScenarios() {}

    /** {@code history} hours and four weeks after them of Poisson counts at {@code base} an hour times the cycle. */
    public static double[] series(Level kind, double base, long seed, int history) {
        MersenneTwister random = new MersenneTwister(seed);
        int hours = history + FUTURE;
        double[] y = new double[hours];
        double level = 1;
        for (int t = 0; t < hours; t++) {
            double shape = (0.2 + 1.6 * Math.pow(Math.sin(Math.PI * (t % 24) / 24.0), 2))
                    * ((t / 24) % 7 >= 5 ? 0.6 : 1);
            switch (kind) {
                case SHIFT:
                    level = t < hours - 6 * WEEK ? 1 : 1.8;
                    break;
                case TREND:
                    level = 1 + t / 2000.0;
                    break;
                case WALK:
                    level *= Math.exp(0.02 * random.nextGaussian());
                    break;
                default:
                    break;
            }
            y[t] = new PoissonDistribution(random, Math.max(base * shape * level, 1e-9), 1e-12, 10_000).sample();
        }
        return y;
    }

    /** Relative MAE@24, relative MAE@168 and coverage over origins every 72 hours of the last four weeks. */
    static double[] score(Level kind, double base, int seeds, int history) {
        double covered = 0;
        double hours = 0;
        double[] error = new double[2];
        double[] naive = new double[2];
        for (long seed = 1; seed <= seeds; seed++) {
            double[] y = series(kind, base, seed, history);
            for (int o = history; o + WEEK <= y.length; o += 72) {
                double[] past = Arrays.copyOfRange(y, o - history, o);
                Forecast f = new HourlyForecaster(0.975).fitAndForecast(past, o - history);
                for (int h = 0; h < WEEK; h++) {
                    double e = Math.abs(y[o + h] - f.point[h]);
                    double n = Math.abs(y[o + h] - past[history - WEEK + h]);
                    error[1] += e;
                    naive[1] += n;
                    if (h < 24) {
                        error[0] += e;
                        naive[0] += n;
                    }
                    covered += y[o + h] <= f.upper[h] ? 1 : 0;
                    hours++;
                }
            }
        }
        return new double[] {error[0] / naive[0], error[1] / naive[1], covered / hours};
    }

    public static void main(String[] args) {
        int seeds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int history = (args.length > 1 ? Integer.parseInt(args[1]) : 8) * WEEK;
        System.out.println("| level | per hour | MAE@24 / naive | MAE@168 / naive | coverage |");
        System.out.println("|---|---:|---:|---:|---:|");
        for (Level kind : Level.values()) {
            for (double base : new double[] {0.3, 3, 30, 3000}) {
                double[] s = score(kind, base, seeds, history);
                System.out.printf(Locale.ROOT, "| %s | %s | %.3f | %.3f | %.3f |%n", kind.name().toLowerCase(Locale.ROOT),
                        base, s[0], s[1], s[2]);
            }
        }
    }
}
