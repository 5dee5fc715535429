package io.tablecast.forecasting;

import io.tablecast.forecasting.cli.CountScenarios;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** Counts as a low-volume segment produces them: Poisson noise around a daily and weekly cycle, many zeros. */
class CountSeriesTest {
    private static final int HISTORY = 8 * 168;

    @Test
    void beatsTheSeasonalNaiveAndCoversAsAskedAtLowAndHighVolume() {
        for (double base : new double[] {0.3, 30}) {
            double[] y = CountScenarios.series(CountScenarios.Level.STEADY, base, 7, HISTORY);
            double covered = 0;
            double hours = 0;
            double error = 0;
            double naiveError = 0;
            for (int o = HISTORY; o + 168 <= y.length; o += 48) {
                double[] history = Arrays.copyOfRange(y, o - HISTORY, o);
                Forecast f = new HourlyForecaster(0.975).fitAndForecast(history, o - HISTORY);
                for (int h = 0; h < 168; h++) {
                    covered += y[o + h] <= f.upper[h] ? 1 : 0;
                    hours++;
                    error += Math.abs(y[o + h] - f.point[h]);
                    naiveError += Math.abs(y[o + h] - history[HISTORY - 168 + h]);
                }
            }
            assertThat(error).as("base %s", base).isLessThan(0.95 * naiveError);
            assertThat(covered / hours).as("coverage at base %s", base).isBetween(0.95, 0.995);
        }
    }
}
