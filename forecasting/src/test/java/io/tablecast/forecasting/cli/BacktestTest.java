package io.tablecast.forecasting.cli;

import io.tablecast.forecasting.HourlyForecaster;
import io.tablecast.forecasting.model.TotalBound;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class BacktestTest {
    private static final LocalDateTime T0 = LocalDateTime.parse("2026-01-05T00:00");
    /** The one task's origin: four weeks after T0. */
    private static final int ORIGIN = 4 * 168;

    private static Path oneTask(Path dir) throws Exception {
        return Files.write(dir.resolve("t.csv"), List.of("series,origin,origin_idx,train_start",
                "s," + T0.plusHours(ORIGIN) + "," + ORIGIN + "," + T0));
    }
    @Test
    void aRepeatedLocalHourAddsUpAndAMissingOneStaysMissing(@TempDir Path dir) throws Exception {
        Path actuals = dir.resolve("a.csv");
        Files.write(actuals, List.of("series,hour_iso,value", "s,2026-10-25T00:00,1", "s,2026-10-25T01:00,2",
                "s,2026-10-25T01:00,3", "s,2026-10-25T03:00,4"));
        Map<String, TreeMap<Long, Double>> series = Backtest.readActuals(actuals);
        long first = Backtest.hourOf("2026-10-25T00:00");
        assertThat(Backtest.dense(series.get("s"), first, first + 4)).containsExactly(1, 5, Double.NaN, 4);
    }

    @Test
    void hoursAreReadAsPandasAndSpreadsheetsWriteThemOnTheirOwnClock() {
        long hour = Backtest.hourOf("2026-10-25T01:00");
        assertThat(List.of("2026-10-25 01:00", "2026-10-25T01:00:00", "2026-10-25 01:00:00.000", "2026-10-25T01:00Z",
                "2026-10-25T01:00:00+02:00", "2026-10-25 01:00:00+0100", " 2026-10-25T01:00 ")).allSatisfy(
                text -> assertThat(Backtest.hourOf(text)).as(text).isEqualTo(hour));
        assertThat(Backtest.hourOf("2026-10-25T01:59")).isEqualTo(hour);
        for (String bad : List.of("2026-13-01T00:00", "25/10/2026 01:00", "2026-10-25", "2026-10-25T01:00 CET")) {
            assertThatThrownBy(() -> Backtest.hourOf(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + bad + "' is not an hour");
        }
    }

    @Test
    void aBadLineIsReportedWithItsFileAndLine(@TempDir Path dir) throws Exception {
        Path actuals = Files.write(dir.resolve("a.csv"), List.of("series,hour_iso,value", "s,2026-10-25T00:00,1",
                "", "s,2026-10-25T0100,2"));
        assertThatThrownBy(() -> Backtest.readActuals(actuals))
                .hasMessageContaining("a.csv line 4: '2026-10-25T0100' is not an hour");
        Path noValue = Files.write(dir.resolve("b.csv"), List.of("series,hour_iso,count", "s,2026-10-25T00:00,1"));
        assertThatThrownBy(() -> Backtest.readActuals(noValue))
                .hasMessageContaining("b.csv line 2: no column 'value' in the header [series, hour_iso, count]");
        Path notANumber = Files.write(dir.resolve("c.csv"), List.of("series,hour_iso,value", "s,2026-10-25T00:00,x"));
        assertThatThrownBy(() -> Backtest.readActuals(notANumber)).hasMessageContaining("c.csv line 2:");
    }

    @Test
    void writesEveryHorizonOfEveryTaskUsingOnlyThePast(@TempDir Path dir) throws Exception {
        Path tasks = oneTask(dir);
        // The same past twice, two very different futures: a backtest that peeked would forecast differently.
        Path calmFuture = actuals(dir.resolve("calm.csv"), 1);
        Path wildFuture = actuals(dir.resolve("wild.csv"), 1000);
        Path out = dir.resolve("f.csv");
        Path outWild = dir.resolve("f-wild.csv");
        Backtest.Summary s = Backtest.run(calmFuture, tasks, out, null, List.of(), new HourlyForecaster(0.975), 0.975, 1, 1);
        Backtest.Summary wild = Backtest.run(wildFuture, tasks, outWild, null, List.of(), new HourlyForecaster(0.975), 0.975, 1, 1);

        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(1 + 168);
        assertThat(lines.get(0)).isEqualTo("series,origin,horizon_hour,point,upper95,fit_seconds");
        assertThat(lines.get(1)).startsWith("s,2026-02-02T00:00,1,");
        assertThat(withoutFitTime(Files.readAllLines(outWild))).isEqualTo(withoutFitTime(lines));
        // The scores do read the future, so they differ: the wild run is scored against the wild values.
        assertThat(wild.mase168()).isGreaterThan(10 * s.mase168());
        assertThat(s.coverage()).isBetween(0.0, 1.0);
    }

    @Test
    void anAnnouncedPromotionOfItsSeriesRaisesItsDayAndDayTotalsAreWritten(@TempDir Path dir) throws Exception {
        Path tasks = oneTask(dir);
        StringBuilder noisy = new StringBuilder("series,hour_iso,value\n");
        Random random = new Random(3);
        for (int i = 0; i < 5 * 168; i++) {
            noisy.append("s,").append(T0.plusHours(i)).append(',')
                    .append(Math.round(200 + 80 * Math.sin(2 * Math.PI * i / 24) + 15 * random.nextGaussian()))
                    .append('\n');
        }
        Path actuals = Files.writeString(dir.resolve("a.csv"), noisy);
        Path events = dir.resolve("e.csv");
        LocalDateTime promotion = T0.plusHours(ORIGIN + 48);
        Files.write(events, List.of("series,name,kind,start,end,expected_effect",
                "s,sale,promotion," + promotion + "," + promotion.plusHours(24) + ",3",
                "other,not ours,promotion," + T0.plusHours(ORIGIN) + "," + T0.plusHours(ORIGIN + 24) + ",3"));
        Path plain = dir.resolve("plain.csv");
        Path withEvents = dir.resolve("events.csv");
        Path totals = dir.resolve("totals.csv");
        Backtest.run(actuals, tasks, plain, null, List.of(), new HourlyForecaster(0.975), 0.975, 0, 1);
        Backtest.Summary summary = Backtest.run(actuals, tasks, withEvents, totals, Backtest.readEvents(events),
                new HourlyForecaster(0.975), 0.975, 0, 1);
        assertThat(summary.models().keySet()).allMatch(m -> m.endsWith("+events"));

        List<String> before = withoutFitTime(Files.readAllLines(plain));
        List<String> after = withoutFitTime(Files.readAllLines(withEvents));
        assertThat(after.subList(1, 49)).as("the other series' event does not apply").isEqualTo(before.subList(1, 49));
        double pointBefore = Double.parseDouble(before.get(49 + 12).split(",")[3]);
        double pointAfter = Double.parseDouble(after.get(49 + 12).split(",")[3]);
        assertThat(pointAfter).isGreaterThan(2 * pointBefore);
        List<String> dayTotals = Files.readAllLines(totals);
        assertThat(dayTotals).hasSize(1 + 7);
        assertThat(dayTotals.get(0)).isEqualTo("series,origin,day,actual,point,upper,upper_hourly");
        assertThat(dayTotals.get(1)).startsWith("s,2026-02-02T00:00,1,");
    }

    @Test
    void aBuiltInCalendarsHolidayIsForecastAsOneAndAnUnknownCalendarIsRefused(@TempDir Path dir) throws Exception {
        // Five weeks from Monday 2 March 2026 with quiet weekends; the task forecasts the week of Good Friday
        // (3 April), a bank holiday in England and Wales, not a US federal holiday.
        LocalDateTime start = LocalDateTime.parse("2026-03-02T00:00");
        StringBuilder a = new StringBuilder("series,hour_iso,value\n");
        Random random = new Random(5);
        for (int i = 0; i < 5 * 168; i++) {
            double weekday = (i / 24) % 7 >= 5 ? 0.4 : 1;
            a.append("s,").append(start.plusHours(i)).append(',')
                    .append(Math.round(weekday * (300 + 200 * Math.sin(2 * Math.PI * (i % 24 - 6) / 24))
                            * (1 + 0.05 * random.nextGaussian()))).append('\n');
        }
        Path actuals = Files.writeString(dir.resolve("a.csv"), a);
        Path tasks = Files.write(dir.resolve("t.csv"), List.of("series,origin,origin_idx,train_start",
                "s," + start.plusHours(ORIGIN) + "," + ORIGIN + "," + start));
        int goodFridayNoon = 4 * 24 + 12; // horizon index from Monday 30 March
        double[] plain = points(actuals, tasks, dir.resolve("plain.csv"), List.of());
        double[] us = points(actuals, tasks, dir.resolve("us.csv"), Backtest.calendars(" us"));
        double[] uk = points(actuals, tasks, dir.resolve("uk.csv"), Backtest.calendars("UK"));
        assertThat(us).isEqualTo(plain);
        assertThat(uk[goodFridayNoon]).as("like a quiet weekend day").isLessThan(0.6 * plain[goodFridayNoon]);
        assertThat(uk[goodFridayNoon - 24]).isCloseTo(plain[goodFridayNoon - 24], within(0.1 * plain[goodFridayNoon]));

        assertThat(Backtest.calendars("us, UK,")).containsExactly("US", "UK");
        assertThatThrownBy(() -> Backtest.calendars("US,FR"))
                .hasMessage("--holidays: 'FR' is not a built-in calendar: use US, UK");
    }

    private static double[] points(Path actuals, Path tasks, Path out, List<String> calendars) throws Exception {
        Backtest.run(actuals, tasks, out, null, TotalBound.SPAN_HOURS, List.of(), calendars,
                new HourlyForecaster(0.975), 0.975, 0, 1);
        return Files.readAllLines(out).stream().skip(1).mapToDouble(l -> Double.parseDouble(l.split(",")[3]))
                .toArray();
    }

    /** Five weeks of a daily pattern; the hours from {@link #ORIGIN} on are multiplied by {@code futureFactor}. */
    private static Path actuals(Path file, double futureFactor) throws Exception {
        StringBuilder a = new StringBuilder("series,hour_iso,value\n");
        for (int i = 0; i < 5 * 168; i++) {
            double v = 100 + (i % 24) * 10 + (i * 7919L % 13);
            a.append("s,").append(T0.plusHours(i)).append(',').append(i >= ORIGIN ? v * futureFactor : v).append('\n');
        }
        Files.writeString(file, a);
        return file;
    }

    private static List<String> withoutFitTime(List<String> lines) {
        return lines.stream().map(l -> l.substring(0, l.lastIndexOf(','))).collect(Collectors.toList());
    }
}
