package io.tablecast.forecasting;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DriftCorrectedCandidateTest {
    private static final int HOURS = 8 * 168;

    /** Mean absolute error of the forecast at 20:00 over the week ahead, against the series' true mean. */
    private static double eveningError(double driftPerDay, Forecast forecast) {
        double sum = 0;
        int n = 0;
        for (int h = 0; h < forecast.point.length; h++) {
            long hour = forecast.firstHour + h;
            if (Math.floorMod(hour, 24L) == 20) {
                sum += Math.abs(DriftingEvening.mean(hour, driftPerDay) - forecast.point[h]);
                n++;
            }
        }
        return sum / n;
    }

    private static Forecast weekAfterEightWeeks(double driftPerDay, long seed) {
        return new HourlyForecaster(0.975)
                .fitAndForecast(DriftingEvening.counts(HOURS, driftPerDay, seed), DriftingEvening.START);
    }

    @Test
    void anEveningThatGrowsDayByDayIsForecastWhereItWillBe() {
        for (long seed = 1; seed <= 4; seed++) {
            Forecast forecast = weekAfterEightWeeks(8, seed);
            assertThat(forecast.model).as("seed %d", seed).endsWith("+drift");
            // The evening gains 8 a day; the smoothers alone lag it by 47–59 over the week (measured: seeds 1–4).
            assertThat(eveningError(8, forecast)).as("seed %d", seed).isLessThan(30);
        }
    }

    @Test
    void aSteadyDailyShapeKeepsItsModelUnchanged() {
        for (long seed = 1; seed <= 4; seed++) {
            Forecast forecast = weekAfterEightWeeks(0, seed);
            assertThat(forecast.model).as("seed %d: a drift fitted to noise", seed).doesNotContain("drift");
            assertThat(eveningError(0, forecast)).as("seed %d", seed).isLessThan(10);
        }
    }
}
