package io.tablecast.forecasting.cli;

import io.tablecast.forecasting.HourlyForecaster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class BacktestTest {
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
    void writesEveryHorizonOfEveryTaskUsingOnlyThePast(@TempDir Path dir) throws Exception {
        Path tasks = dir.resolve("t.csv");
        LocalDateTime t0 = LocalDateTime.parse("2026-01-05T00:00");
        int origin = 4 * 168;
        Files.write(tasks, List.of("series,origin,origin_idx,train_start",
                "s," + t0.plusHours(origin) + "," + origin + "," + t0));
        // The same past twice, two very different futures: a backtest that peeked would forecast differently.
        Path calmFuture = actuals(dir.resolve("calm.csv"), t0, origin, 1);
        Path wildFuture = actuals(dir.resolve("wild.csv"), t0, origin, 1000);
        Path out = dir.resolve("f.csv");
        Path outWild = dir.resolve("f-wild.csv");
        Backtest.Summary s = Backtest.run(calmFuture, tasks, out, null, new HourlyForecaster(0.975), 0.975, 1, 1);
        Backtest.Summary wild = Backtest.run(wildFuture, tasks, outWild, null, new HourlyForecaster(0.975), 0.975, 1, 1);

        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(1 + 168);
        assertThat(lines.get(0)).isEqualTo("series,origin,horizon_hour,point,upper95,fit_seconds");
        assertThat(lines.get(1)).startsWith("s,2026-02-02T00:00,1,");
        assertThat(withoutFitTime(Files.readAllLines(outWild))).isEqualTo(withoutFitTime(lines));
        // The scores do read the future, so they differ: the wild run is scored against the wild values.
        assertThat(wild.mase168()).isGreaterThan(10 * s.mase168());
        assertThat(s.coverage()).isBetween(0.0, 1.0);
    }

    /** Five weeks of a daily pattern; the hours from {@code origin} on are multiplied by {@code futureFactor}. */
    private static Path actuals(Path file, LocalDateTime t0, int origin, double futureFactor) throws Exception {
        StringBuilder a = new StringBuilder("series,hour_iso,value\n");
        for (int i = 0; i < 5 * 168; i++) {
            double v = 100 + (i % 24) * 10 + (i * 7919L % 13);
            a.append("s,").append(t0.plusHours(i)).append(',').append(i >= origin ? v * futureFactor : v).append('\n');
        }
        Files.writeString(file, a);
        return file;
    }

    private static List<String> withoutFitTime(List<String> lines) {
        return lines.stream().map(l -> l.substring(0, l.lastIndexOf(','))).collect(Collectors.toList());
    }
}
