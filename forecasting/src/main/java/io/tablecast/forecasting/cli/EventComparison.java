package io.tablecast.forecasting.cli;

import io.tablecast.forecasting.ExternalEvent;
import io.tablecast.forecasting.Forecast;
import io.tablecast.forecasting.HourlyForecaster;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Does knowing about holidays and promotions pay? On a generated series — daily and weekly cycles, noise, holidays
 * that cut traffic to 40 % and promotions that raise it to 250 % — it backtests the same forecaster with and without
 * the events from rolling origins and prints the MASE of each over the event days and over all hours.
 * {@code EventComparison [origins] [seed]}.
 */
public final class EventComparison {
    private static final int WEEK = 168;
    private static final int HISTORY = 8 * WEEK;

    private EventComparison() {}

    /** MASE@168 without and with events, over all hours, and over the hours of event days only. */
    public static double[] run(int origins, long seed) {
        int total = HISTORY + origins * 24 + WEEK;
        Random r = new Random(seed);
        List<ExternalEvent> events = new ArrayList<>();
        double[] factor = new double[total];
        Arrays.fill(factor, 1);
        for (int day = 3; day < total / 24; day += 5 + r.nextInt(6)) {
            boolean holiday = r.nextBoolean();
            ExternalEvent.Kind kind = holiday ? ExternalEvent.Kind.HOLIDAY : ExternalEvent.Kind.PROMOTION;
            events.add(new ExternalEvent(kind + "-" + day, kind, day * 24L, day * 24L + 24, null, null));
            for (int h = day * 24; h < day * 24 + 24 && h < total; h++) {
                factor[h] = holiday ? 0.4 : 2.5;
            }
        }
        double[] y = new double[total];
        for (int t = 0; t < total; t++) {
            double daily = 0.5 + Math.pow(Math.sin(Math.PI * (t % 24) / 24.0), 2);
            double weekly = (t / 24) % 7 >= 5 ? 0.75 : 1.0;
            y[t] = 500 * daily * weekly * factor[t] * (1 + 0.06 * r.nextGaussian());
        }
        HourlyForecaster forecaster = new HourlyForecaster(0.975);
        double[] sums = new double[4];
        int[] counts = new int[4];
        for (int o = HISTORY; o + WEEK <= total && (o - HISTORY) / 24 < origins; o += 24) {
            double[] history = Arrays.copyOfRange(y, o - HISTORY, o);
            long first = o - HISTORY;
            double scale = naiveScale(history);
            Forecast without = forecaster.fit(history, first, List.of()).forecast();
            Forecast with = forecaster.fit(history, first, events).forecast();
            for (int h = 0; h < WEEK; h++) {
                boolean eventHour = factor[o + h] != 1;
                double a = Math.abs(y[o + h] - without.point[h]) / scale;
                double b = Math.abs(y[o + h] - with.point[h]) / scale;
                sums[0] += a;
                sums[1] += b;
                counts[0]++;
                counts[1]++;
                if (eventHour) {
                    sums[2] += a;
                    sums[3] += b;
                    counts[2]++;
                    counts[3]++;
                }
            }
        }
        return new double[] {sums[0] / counts[0], sums[1] / counts[1], sums[2] / counts[2], sums[3] / counts[3]};
    }

    private static double naiveScale(double[] history) {
        double sum = 0;
        for (int i = WEEK; i < history.length; i++) {
            sum += Math.abs(history[i] - history[i - WEEK]);
        }
        return sum / (history.length - WEEK);
    }

    public static void main(String[] args) {
        int origins = args.length > 0 ? Integer.parseInt(args[0]) : 28;
        long seed = args.length > 1 ? Long.parseLong(args[1]) : 1;
        double[] m = run(origins, seed);
        System.out.printf(Locale.ROOT, "%d origins, seed %d%n", origins, seed);
        System.out.printf(Locale.ROOT, "%-22s %12s %12s%n", "", "all hours", "event hours");
        System.out.printf(Locale.ROOT, "%-22s %12.3f %12.3f%n", "MASE@168 without events", m[0], m[2]);
        System.out.printf(Locale.ROOT, "%-22s %12.3f %12.3f%n", "MASE@168 with events", m[1], m[3]);
        System.out.printf(Locale.ROOT, "%-22s %12.2f %12.2f%n", "ratio with/without", m[1] / m[0], m[3] / m[2]);
    }
}
