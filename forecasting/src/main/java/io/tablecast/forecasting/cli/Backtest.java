package io.tablecast.forecasting.cli;

import io.tablecast.forecasting.ExternalEvent;
import io.tablecast.forecasting.Forecast;
import io.tablecast.forecasting.HolidayCalendars;
import io.tablecast.forecasting.HourlyForecaster;
import io.tablecast.forecasting.SpanTotal;
import io.tablecast.forecasting.model.TotalBound;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rolling-origin backtest: {@code --input ACTUALS.csv --tasks TASKS.csv --out FORECASTS.csv [--quantile Q]
 * [--warm-up N] [--repeat R] [--totals-out TOTALS.csv [--span-hours K]] [--events EVENTS.csv] [--holidays US,UK]}.
 *
 * <p>Actuals: {@code series,hour_iso,value}; tasks: {@code series,origin,origin_idx,train_start}. For each task it fits
 * on the hours in [train_start, origin) only and forecasts 168 hours; it writes
 * {@code series,origin,horizon_hour,point,upper95,fit_seconds} and prints MASE@24, MASE@168 (scaled by the in-sample
 * lag-168 naive error), the coverage of the upper bound and its pinball loss, where actuals are known.
 *
 * <p>{@code fit_seconds} is the steady-state cost of a fit, what a long-running job pays: every task is first fitted
 * {@code --warm-up N} times unrecorded (default 20: the JIT compiler's first steps otherwise triple the figure), then
 * {@code --repeat R} times (default 5), and the median of those is recorded. {@code --warm-up 0 --repeat 1} gives the
 * cold figure of a fresh JVM.
 *
 * <p>{@code --events}: holidays and promotions as the job hears of them, ahead ({@code series,name,kind,start,end,
 * expected_effect}; an empty series means every series, kind is holiday, promotion, news or other, the effect an
 * optional multiplier). Each task's fit gets the events of its series, past and announced. {@code --holidays}: the
 * built-in public-holiday calendars every series knows, as the job's {@code forecast.holiday-calendars} gives them
 * (days of the hours' own clock: hour_iso is read as local time), over the years the actuals span.
 *
 * <p>{@code --totals-out} also writes each forecast's seven day totals ({@code series,origin,day,actual,point,upper,
 * upper_hourly}): the upper bound a day's table is sized by ({@link SpanTotal}), beside the
 * one assembled from the hourly margins alone; {@code scripts/lib/score_totals.py} scores them. With
 * {@code --span-hours K} the spans are K hours long instead of 24 (the windows of {@code tables.window} = K h; the
 * column keeps the name {@code day}, numbering the spans).
 */
public final class Backtest {
    /** Date, time to the minute or second; then an optional offset (Z, +01:00, +0100). */
    private static final Pattern LOCAL_HOUR = Pattern.compile(
            "(\\d{4}-\\d{2}-\\d{2})[T ](\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?)(?:Z|[+-]\\d{2}:?\\d{2})?");
    private static final int HORIZON = HourlyForecaster.HORIZON;

    private Backtest() {}

    public static void main(String[] args) throws IOException {
        Map<String, String> opts = options(args);
        Path input = Path.of(require(opts, "input"));
        Path tasksFile = Path.of(require(opts, "tasks"));
        Path out = Path.of(require(opts, "out"));
        double quantile = Double.parseDouble(opts.getOrDefault("quantile", "0.975"));
        int warmUp = Integer.parseInt(opts.getOrDefault("warm-up", "20"));
        int repeat = Math.max(1, Integer.parseInt(opts.getOrDefault("repeat", "5")));
        Path totalsOut = opts.containsKey("totals-out") ? Path.of(opts.get("totals-out")) : null;
        List<ExternalEvent> events = opts.containsKey("events") ? readEvents(Path.of(opts.get("events")))
                : List.of();
        int spanHours = Integer.parseInt(opts.getOrDefault("span-hours", String.valueOf(TotalBound.SPAN_HOURS)));
        if (spanHours < 1 || spanHours > HORIZON) {
            throw new IllegalArgumentException("--span-hours must be 1.." + HORIZON + ", was " + spanHours);
        }
        List<String> calendars = calendars(opts.getOrDefault("holidays", ""));
        Summary s = run(input, tasksFile, out, totalsOut, spanHours, events, calendars, new HourlyForecaster(quantile),
                quantile, warmUp, repeat);
        s.print(System.out);
        System.out.printf(Locale.ROOT, "fit time: median of %d fits per task after %d unrecorded passes%n", repeat,
                warmUp);
    }

    static Summary run(Path input, Path tasksFile, Path out, Path totalsOut, List<ExternalEvent> events,
                       HourlyForecaster forecaster, double quantile, int warmUp, int repeat) throws IOException {
        return run(input, tasksFile, out, totalsOut, TotalBound.SPAN_HOURS, events, List.of(), forecaster, quantile,
                warmUp, repeat);
    }

    static Summary run(Path input, Path tasksFile, Path out, Path totalsOut, int spanHours,
                       List<ExternalEvent> events, List<String> calendars, HourlyForecaster forecaster,
                       double quantile, int warmUp, int repeat) throws IOException {
        Map<String, TreeMap<Long, Double>> series = readActuals(input);
        List<Task> tasks = readTasks(tasksFile, series);
        List<ExternalEvent> known = new ArrayList<>(events);
        known.addAll(holidaysDuring(calendars, series));
        Map<String, List<ExternalEvent>> eventsOf = new LinkedHashMap<>();
        for (Task t : tasks) {
            eventsOf.computeIfAbsent(t.series, name -> known.stream().filter(e -> e.appliesTo(name)).toList());
        }
        for (int pass = 0; pass < warmUp; pass++) {
            for (Task t : tasks) {
                forecaster.fit(t.history, t.trainStart, eventsOf.get(t.series)).forecast();
            }
        }
        Summary summary = new Summary(quantile);
        try (BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8);
             BufferedWriter totals = totalsOut == null ? null : Files.newBufferedWriter(totalsOut,
                     StandardCharsets.UTF_8)) {
            w.write("series,origin,horizon_hour,point,upper95,fit_seconds\n");
            if (totals != null) {
                totals.write("series,origin,day,actual,point,upper,upper_hourly\n");
            }
            for (Task t : tasks) {
                double[] times = new double[repeat];
                Forecast fc = null;
                for (int r = 0; r < repeat; r++) {
                    long started = System.nanoTime();
                    fc = forecaster.fit(t.history, t.trainStart, eventsOf.get(t.series)).forecast();
                    times[r] = (System.nanoTime() - started) / 1e9;
                }
                Arrays.sort(times);
                double seconds = times[repeat / 2];
                for (int h = 0; h < HORIZON; h++) {
                    w.write(String.format(Locale.ROOT, "%s,%s,%d,%.3f,%.3f,%.6f%n", t.series, t.originText, h + 1,
                            fc.point[h], fc.upper[h], seconds));
                }
                summary.add(t.history, t.future, fc, seconds);
                if (totals != null) {
                    writeSpanTotals(totals, t, fc, spanHours);
                }
            }
        }
        return summary;
    }

    private static void writeSpanTotals(BufferedWriter w, Task t, Forecast fc, int span) throws IOException {
        for (int d = 0; d < HORIZON / span; d++) {
            double actual = 0;
            for (int h = span * d; h < span * (d + 1); h++) {
                actual += t.future[h];
            }
            SpanTotal calibrated = fc.total(span * d, span);
            SpanTotal hourly = SpanTotal.of(fc.point, fc.upper, null, null, span * d, span);
            w.write(String.format(Locale.ROOT, "%s,%s,%d,%s,%.3f,%.3f,%.3f%n", t.series, t.originText, d + 1,
                    Double.isNaN(actual) ? "" : String.format(Locale.ROOT, "%.3f", actual), hourly.expected(),
                    calibrated.upper(), hourly.upper()));
        }
    }

    /** The calendars a {@code --holidays} value names, checked against the built-in ones. */
    static List<String> calendars(String option) {
        try {
            return HolidayCalendars.named(option);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--holidays: " + e.getMessage());
        }
    }

    /** The calendars' holidays over the years the actuals span, for every series. */
    private static List<ExternalEvent> holidaysDuring(List<String> calendars,
                                                      Map<String, TreeMap<Long, Double>> series) {
        if (calendars.isEmpty()) {
            return List.of();
        }
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (TreeMap<Long, Double> hours : series.values()) {
            first = Math.min(first, hours.firstKey());
            last = Math.max(last, hours.lastKey());
        }
        int fromYear = LocalDateTime.ofEpochSecond(first * 3600, 0, ZoneOffset.UTC).getYear();
        int toYear = LocalDateTime.ofEpochSecond(last * 3600, 0, ZoneOffset.UTC).getYear();
        return HolidayCalendars.holidays(calendars, fromYear, toYear, ZoneOffset.UTC);
    }

    /** The events file's events; one with an empty series applies to every series. */
    static List<ExternalEvent> readEvents(Path file) throws IOException {
        List<ExternalEvent> events = new ArrayList<>();
        forEachRow(file, row -> {
            String effect = row.get("expected_effect").trim();
            String series = row.get("series").trim();
            events.add(new ExternalEvent(row.get("name"),
                    ExternalEvent.Kind.valueOf(row.get("kind").trim().toUpperCase(Locale.ROOT)),
                    hourOf(row.get("start")), hourOf(row.get("end")),
                    series.isEmpty() ? null : Set.of(series), effect.isEmpty() ? null : Double.valueOf(effect)));
        });
        return events;
    }

    /** One rolling-origin task: the history before the origin and what followed it (NaN where unknown). */
    private record Task(String series, String originText, long trainStart, double[] history, double[] future) {}

    private static List<Task> readTasks(Path tasksFile, Map<String, TreeMap<Long, Double>> series)
            throws IOException {
        List<Task> tasks = new ArrayList<>();
        forEachRow(tasksFile, row -> {
            String name = row.get("series");
            String originText = row.get("origin");
            long origin = hourOf(originText);
            long trainStart = hourOf(row.get("train_start"));
            TreeMap<Long, Double> values = series.get(name);
            if (values == null) {
                throw new IllegalArgumentException("task names series '" + name + "' that the actuals lack");
            }
            tasks.add(new Task(name, originText, trainStart, dense(values, trainStart, origin),
                    dense(values, origin, origin + HORIZON)));
        });
        return tasks;
    }

    /** Accuracy over all tasks whose future is known, as the shared scorer computes it. */
    static final class Summary {
        private final double quantile;
        private final List<Double> mase24 = new ArrayList<>();
        private final List<Double> mase168 = new ArrayList<>();
        private final List<Double> seconds = new ArrayList<>();
        private double covered;
        private double pinball;
        private int hours;
        private final Map<String, Integer> models = new TreeMap<>();

        Summary(double quantile) {
            this.quantile = quantile;
        }

        void add(double[] history, double[] future, Forecast fc, double fitSeconds) {
            seconds.add(fitSeconds);
            models.merge(fc.model, 1, Integer::sum);
            double scale = naiveScale(history);
            double e24 = 0;
            double e168 = 0;
            int n24 = 0;
            int n168 = 0;
            for (int h = 0; h < HORIZON; h++) {
                double y = future[h];
                if (Double.isNaN(y) || !(scale > 0)) {
                    continue;
                }
                double ae = Math.abs(y - fc.point[h]) / scale;
                e168 += ae;
                n168++;
                if (h < 24) {
                    e24 += ae;
                    n24++;
                }
                covered += y <= fc.upper[h] + 1e-9 ? 1 : 0;
                double d = y - fc.upper[h];
                pinball += Math.max(quantile * d, (quantile - 1) * d) / scale;
                hours++;
            }
            if (n24 > 0) {
                mase24.add(e24 / n24);
            }
            if (n168 > 0) {
                mase168.add(e168 / n168);
            }
        }

        double mase24() {
            return mean(mase24);
        }

        double mase168() {
            return mean(mase168);
        }

        double coverage() {
            return hours == 0 ? Double.NaN : covered / hours;
        }

        double pinball() {
            return hours == 0 ? Double.NaN : 100 * pinball / hours;
        }

        Map<String, Integer> models() {
            return models;
        }

        double medianSeconds() {
            double[] s = seconds.stream().mapToDouble(Double::doubleValue).sorted().toArray();
            return s.length == 0 ? Double.NaN : s[s.length / 2];
        }

        void print(PrintStream out) {
            out.printf(Locale.ROOT, "tasks %d  MASE@24 %.3f  MASE@168 %.3f  coverage %.3f (target %.3f)  "
                            + "PL%.1f@168 %.2f  median fit+forecast %.2f ms%n", seconds.size(), mase24(), mase168(),
                    coverage(), quantile, quantile * 100, pinball(), medianSeconds() * 1000);
            out.println("models chosen: " + models);
        }

        private static double naiveScale(double[] history) {
            double sum = 0;
            int n = 0;
            for (int i = 168; i < history.length; i++) {
                if (!Double.isNaN(history[i]) && !Double.isNaN(history[i - 168])) {
                    sum += Math.abs(history[i] - history[i - 168]);
                    n++;
                }
            }
            return n == 0 ? Double.NaN : sum / n;
        }

        private static double mean(List<Double> xs) {
            return xs.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        }
    }

    /**
     * Hours since the epoch of a local ISO hour, read as if it were UTC: only differences matter. Also as pandas and
     * spreadsheets write it: a space for the T, seconds, and an offset, which is dropped (hours are read on their own
     * clock, as holidays are; an autumn hour written twice with two offsets adds up).
     *
     * @throws IllegalArgumentException naming the text, where it is no such hour
     */
    static long hourOf(String iso) {
        String text = iso.trim();
        Matcher m = LOCAL_HOUR.matcher(text);
        try {
            if (m.matches()) {
                return LocalDateTime.parse(m.group(1) + "T" + m.group(2)).toEpochSecond(ZoneOffset.UTC) / 3600;
            }
        } catch (DateTimeParseException e) {
            // as below: a date or time out of range
        }
        throw new IllegalArgumentException("'" + text + "' is not an hour such as 2026-01-05T13:00 (a space for the T, "
                + "seconds and an offset may follow)");
    }

    /** Values for hours [from, to); a missing hour is NaN. */
    static double[] dense(TreeMap<Long, Double> values, long from, long to) {
        double[] out = new double[(int) (to - from)];
        Arrays.fill(out, Double.NaN);
        values.subMap(from, to).forEach((hour, v) -> out[(int) (hour - from)] = v);
        return out;
    }

    /** A repeated hour (the autumn daylight-saving change in local time) adds up: these are counts per hour. */
    static Map<String, TreeMap<Long, Double>> readActuals(Path input) throws IOException {
        Map<String, TreeMap<Long, Double>> series = new LinkedHashMap<>();
        forEachRow(input, row -> {
            String value = row.get("value");
            if (!value.isEmpty() && !value.equals("NA")) {
                series.computeIfAbsent(row.get("series"), k -> new TreeMap<>())
                        .merge(hourOf(row.get("hour_iso")), Double.parseDouble(value), Double::sum);
            }
        });
        return series;
    }

    /** One data line of a CSV file, its fields by the header's names. */
    interface Row {
        /** The named field; empty where the line stops short of it. */
        String get(String column);
    }

    /**
     * Hands each non-blank line after the header to {@code handler}; what it finds wrong is reported with the file
     * and line, as is a column the header lacks.
     */
    static void forEachRow(Path file, Consumer<Row> handler) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException(file + ": empty, not even a header");
        }
        Map<String, Integer> col = new LinkedHashMap<>();
        String[] names = lines.get(0).trim().split(",");
        for (int i = 0; i < names.length; i++) {
            col.put(names[i], i);
        }
        for (int n = 1; n < lines.size(); n++) {
            if (lines.get(n).isBlank()) {
                continue;
            }
            String[] f = lines.get(n).split(",", -1);
            try {
                handler.accept(column -> {
                    Integer i = col.get(column);
                    if (i == null) {
                        throw new IllegalArgumentException("no column '" + column + "' in the header " + col.keySet());
                    }
                    return i < f.length ? f[i] : "";
                });
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + " line " + (n + 1) + ": " + e.getMessage(), e);
            }
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --option value, got '" + args[i] + "'");
            }
            opts.put(args[i].substring(2), args[i + 1]);
        }
        return opts;
    }

    private static String require(Map<String, String> opts, String name) {
        String v = opts.get(name);
        if (v == null) {
            System.err.println("usage: backtest --input ACTUALS.csv --tasks TASKS.csv --out FORECASTS.csv "
                    + "[--quantile 0.975] [--warm-up 20] [--repeat 5] [--totals-out TOTALS.csv [--span-hours K]] "
                    + "[--events EVENTS.csv] [--holidays US,UK]");
            throw new IllegalArgumentException("missing --" + name);
        }
        return v;
    }
}
