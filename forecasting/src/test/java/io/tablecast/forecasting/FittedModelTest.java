package io.tablecast.forecasting;

import io.tablecast.forecasting.model.ConformalBound;
import io.tablecast.forecasting.model.DoubleSeasonalSmoother;
import io.tablecast.forecasting.model.EventEffects;
import io.tablecast.forecasting.model.SeasonalTrendModel;
import io.tablecast.forecasting.model.SmootherFitter;
import io.tablecast.forecasting.model.Transform;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class FittedModelTest {
    private static final long START = 482_000;
    private static final double NOISE_SD = Transform.LOG1P.poissonSd(500);

    private static FittedModel combined(double[] z, double stlWeight) {
        DoubleSeasonalSmoother week = SmootherFitter.fit(z, START, NOISE_SD, SmootherFitter.Objective.ONE_STEP);
        DoubleSeasonalSmoother day = SmootherFitter.fit(z, START, NOISE_SD, SmootherFitter.Objective.DAY_AHEAD, week);
        SeasonalTrendModel stl = SeasonalTrendModel.fit(z, z.length, START);
        return FittedModel.smoother("test", null, Transform.LOG1P, ConformalBound.of(new double[] {0.1}), day, week,
                0.5, EventEffects.none(), stl, stlWeight);
    }

    private static double[] history() {
        Random random = new Random(4);
        double[] y = new double[6 * 168];
        for (int t = 0; t < y.length; t++) {
            double level = t < 4 * 168 ? 500 : 650; // a shift the two models take up differently
            y[t] = Transform.LOG1P.forward(level * (1 + 0.5 * Math.sin(2 * Math.PI * t / 24.0))
                    * (1 + 0.05 * random.nextGaussian()));
        }
        return y;
    }

    @Test
    void aCountsBoundIsTheNearestWholeNumberAndNeverUnderThePoint() {
        assertThat(FittedModel.wholeBound(0.5)).isZero();
        assertThat(FittedModel.wholeBound(0.51)).isEqualTo(1);
        assertThat(FittedModel.wholeBound(14.65)).isEqualTo(15);
        assertThat(FittedModel.wholeBound(447.17)).isEqualTo(447);
        FittedModel level = FittedModel.level("level", null, ConformalBound.of(new double[] {0.2}), 3.3, START);
        assertThat(level.forecast().upper[0]).isEqualTo(3.5, within(1e-12));
        assertThat(level.withWholeNumbers(true).forecast().upper[0]).as("3.5 → 3, under the point 3.3").isEqualTo(3.3);
        FittedModel higher = FittedModel.level("level", null, ConformalBound.of(new double[] {0.3}), 3.3, START);
        assertThat(higher.withWholeNumbers(true).forecast().upper[0]).isEqualTo(4);
    }

    @Test
    void theStlShareMovesTheForecastAndSurvivesASnapshotWhileLearning() throws IOException {
        double[] z = history();
        FittedModel alone = combined(z, 0);
        FittedModel mixed = combined(z, 0.5);
        assertThat(mixed.forecast().point).isNotEqualTo(alone.forecast().point);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        FittedModelCodec.write(mixed, new DataOutputStream(bytes));
        FittedModel restored = FittedModelCodec.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())),
                SegmentForecaster.VERSION);
        assertThat(restored.forecast().point).containsExactly(mixed.forecast().point);

        mixed.update(700);
        restored.update(700);
        // an outlier, clipped only by a smoother that kept its error scale through the snapshot
        mixed.update(20_000);
        restored.update(20_000);
        assertThat(restored.forecast().point).containsExactly(mixed.forecast().point);
        assertThat(restored.forecast().upper).containsExactly(mixed.forecast().upper);
    }
}
