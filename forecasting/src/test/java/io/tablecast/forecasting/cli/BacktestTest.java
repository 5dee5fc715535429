package io.tablecast.forecasting.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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
        Path actuals = dir.resolve("a.csv");
        Path tasks = dir.resolve("t.csv");
        Path out = dir.resolve("f.csv");
        StringBuilder a = new StringBuilder("series,hour_iso,value\n");
        java.time.LocalDateTime t0 = java.time.LocalDateTime.parse("2026-01-05T00:00");
        for (int i = 0; i < 5 * 168; i++) {
            a.append("s,").append(t0.plusHours(i)).append(',').append(100 + (i % 24) * 10 + (i * 7919L % 13))
                    .append('\n');
        }
        Files.writeString(actuals, a);
        Files.write(tasks, List.of("series,origin,origin_idx,train_start",
                "s," + t0.plusHours(4 * 168) + "," + (4 * 168) + "," + t0));
        Backtest.Summary s = Backtest.run(actuals, tasks, out, new io.tablecast.forecasting.HourlyForecaster(0.975),
                0.975, 1, 1);
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(1 + 168);
        assertThat(lines.get(0)).isEqualTo("series,origin,horizon_hour,point,upper95,fit_seconds");
        assertThat(lines.get(1)).startsWith("s,2026-02-02T00:00,1,");
        assertThat(s.mase168()).isFinite();
        assertThat(s.coverage()).isBetween(0.0, 1.0);
    }
}
