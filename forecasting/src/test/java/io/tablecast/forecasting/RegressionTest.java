package io.tablecast.forecasting;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class RegressionTest {
    /** Two years and a bit of hourly data with a yearly cycle and a trend that turns at 60 % of the history. */
    static double[] yearlySeries(int hours, long seed) {
        Random r = new Random(seed);
        double[] y = new double[hours];
        for (int t = 0; t < hours; t++) {
            double trend = 1000 + (t > 0.6 * hours ? 0.05 * (t - 0.6 * hours) : 0);
            double daily = 0.6 + 0.8 * Math.pow(Math.sin(Math.PI * (t % 24) / 24.0), 2);
            double weekly = (t / 24) % 7 >= 5 ? 0.75 : 1.0;
            double yearly = 1 + 0.3 * Math.sin(2 * Math.PI * t / 8766.0);
            y[t] = trend * daily * weekly * yearly * (1 + 0.03 * r.nextGaussian());
        }
        return y;
    }

    /** The forecast's absolute error over the week from {@code origin}, as a share of repeating the week before. */
    static double errorAgainstWeeklyNaive(double[] y, int origin, double[] point) {
        double error = 0;
        double naive = 0;
        for (int h = 0; h < 168; h++) {
            error += Math.abs(y[origin + h] - point[h]);
            naive += Math.abs(y[origin + h] - y[origin + h - 168]);
        }
        return error / naive;
    }

    @Test
    void onALongHistoryWithAYearlyCycleTheRegressionIsChosenBeatsTheNaiveAndSurvivesASnapshot() throws Exception {
        int n = (int) (2.2 * 8766);
        double[] y = yearlySeries(n + 168, 1);
        FittedModel model = new HourlyForecaster(0.975).fit(Arrays.copyOf(y, n), 0);
        assertThat(model.name()).isEqualTo("regression/log1p");
        Forecast f = model.forecast();
        assertThat(errorAgainstWeeklyNaive(y, n, f.point)).isLessThan(0.9);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        FittedModelCodec.write(model, new DataOutputStream(bytes));
        FittedModel restored = FittedModelCodec.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())),
                SegmentForecaster.VERSION);
        assertThat(restored.forecast().point).isEqualTo(f.point);
        assertThat(restored.forecast().upper).isEqualTo(f.upper);
    }
}
