package io.tablecast.forecasting;

import io.tablecast.forecasting.model.DoubleSeasonalSmoother;
import io.tablecast.forecasting.model.EventEffects;
import io.tablecast.forecasting.model.SeasonalTrendModel;
import io.tablecast.forecasting.model.Transform;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;

import static io.tablecast.forecasting.FittedModelCodec.readDoubles;
import static io.tablecast.forecasting.FittedModelCodec.writeDoubles;

/**
 * The smoothing model live: the one-step-fitted smoother, the day-ahead-fitted one blended into the first day, the
 * STL model averaged in (null where the history was too short for one), event effects on top.
 */
final class LiveSmoother implements LiveModel {
    private static final int DAY = 24;

    private final Transform transform;
    private final DoubleSeasonalSmoother day;
    private final DoubleSeasonalSmoother week;
    private final double dayWeight;
    private final EventEffects effects;
    private final SeasonalTrendModel seasonalTrend;
    private final double seasonalTrendWeight;

    LiveSmoother(Transform transform, DoubleSeasonalSmoother day, DoubleSeasonalSmoother week, double dayWeight,
                 EventEffects effects, SeasonalTrendModel seasonalTrend, double seasonalTrendWeight) {
        this.transform = transform;
        this.day = day;
        this.week = week;
        this.dayWeight = dayWeight;
        this.effects = effects;
        this.seasonalTrend = seasonalTrend;
        this.seasonalTrendWeight = seasonalTrend == null ? 0 : seasonalTrendWeight;
    }

    @Override
    public void update(long hour, double y) {
        double z = Double.isNaN(y) ? Double.NaN : transform.forward(y) - effects.at(hour);
        day.update(z);
        week.update(z);
        if (seasonalTrend != null) {
            seasonalTrend.update(z);
        }
    }

    @Override
    public void forecast(long from, double[] z, int horizon) {
        week.forecast(z, horizon);
        double[] d = new double[Math.min(DAY, horizon)];
        day.forecast(d, d.length);
        for (int h = 0; h < d.length; h++) {
            z[h] = dayWeight * d[h] + (1 - dayWeight) * z[h];
        }
        if (seasonalTrend != null) {
            double[] other = new double[horizon];
            seasonalTrend.forecast(other, horizon);
            for (int h = 0; h < horizon; h++) {
                z[h] += seasonalTrendWeight * (other[h] - z[h]);
            }
        }
        for (int h = 0; h < horizon; h++) {
            z[h] += effects.at(from + h);
        }
    }

    /**
     * In working space: hours 1–24 a blend, {@code dayWeight} of the day-ahead path and the rest of the one-step
     * path; later hours the one-step path alone. A new array.
     */
    static double[] blend(double[] dayPath, double[] weekPath, double dayWeight) {
        double[] f = weekPath.clone();
        for (int h = 0; h < Math.min(DAY, f.length); h++) {
            f[h] = dayWeight * dayPath[h] + (1 - dayWeight) * weekPath[h];
        }
        return f;
    }

    /** The hour the smoothers stand at: the next one they will learn. */
    long nextHour() {
        return week.nextHour();
    }

    @Override
    public List<ExternalEvent> events() {
        return effects.events();
    }

    @Override
    public void write(DataOutputStream out) throws IOException {
        writeDoubles(out, day.parameters());
        writeDoubles(out, day.state());
        writeDoubles(out, week.parameters());
        writeDoubles(out, week.state());
        out.writeDouble(dayWeight);
        FittedModelCodec.writeEffects(out, effects);
        out.writeDouble(seasonalTrendWeight);
        writeDoubles(out, seasonalTrend == null ? new double[0] : seasonalTrend.state());
    }

    static LiveSmoother read(DataInputStream in, int version, Transform transform) throws IOException {
        DoubleSeasonalSmoother day = DoubleSeasonalSmoother.restore(readDoubles(in), readDoubles(in));
        DoubleSeasonalSmoother week = DoubleSeasonalSmoother.restore(readDoubles(in), readDoubles(in));
        double dayWeight = in.readDouble();
        EventEffects effects = FittedModelCodec.readEffects(in, version, transform);
        double seasonalTrendWeight = in.readDouble();
        double[] seasonalTrend = readDoubles(in);
        return new LiveSmoother(transform, day, week, dayWeight, effects,
                seasonalTrend.length == 0 ? null : SeasonalTrendModel.restore(seasonalTrend), seasonalTrendWeight);
    }
}
