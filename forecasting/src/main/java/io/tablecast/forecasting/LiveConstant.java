package io.tablecast.forecasting;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

import static io.tablecast.forecasting.FittedModelCodec.readDoubles;
import static io.tablecast.forecasting.FittedModelCodec.writeDoubles;

/**
 * A constant level, live until a refit: the median level chosen on validation, or the flat mean of a history too
 * short for anything else (which also keeps the upper bound it was given, to be written as it was read).
 */
final class LiveConstant implements LiveModel {
    private final double level;
    /** The flat mean's upper bound; NaN for a chosen level, whose bound is calibrated. */
    private final double flatUpper;

    LiveConstant(double level, double flatUpper) {
        this.level = level;
        this.flatUpper = flatUpper;
    }

    double level() {
        return level;
    }

    double flatUpper() {
        return flatUpper;
    }

    @Override
    public void update(long hour, double y) {
        // A level chosen over the last weeks, or a flat mean: fixed until the next fit.
    }

    @Override
    public void forecast(long from, double[] z, int horizon) {
        Arrays.fill(z, 0, horizon, level);
    }

    @Override
    public List<ExternalEvent> events() {
        return List.of();
    }

    @Override
    public void write(DataOutputStream out) throws IOException {
        out.writeInt(0);
        writeDoubles(out, Double.isNaN(flatUpper) ? new double[] {level} : new double[] {level, flatUpper});
    }

    static LiveConstant read(DataInputStream in) throws IOException {
        in.readInt();
        double[] values = readDoubles(in);
        return new LiveConstant(values[0], values.length > 1 ? values[1] : Double.NaN);
    }
}
