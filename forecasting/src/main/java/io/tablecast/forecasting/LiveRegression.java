package io.tablecast.forecasting;

import io.tablecast.forecasting.model.EventEffects;
import io.tablecast.forecasting.model.RegressionModel;
import io.tablecast.forecasting.model.Transform;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;

import static io.tablecast.forecasting.FittedModelCodec.readDoubles;
import static io.tablecast.forecasting.FittedModelCodec.writeDoubles;

/** The regression live: its design (features, changepoints, event windows) and coefficients, fixed until a refit. */
final class LiveRegression implements LiveModel {
    private final RegressionModel regression;
    private final double[] beta;

    LiveRegression(RegressionModel regression, double[] beta) {
        this.regression = regression;
        this.beta = beta.clone();
    }

    @Override
    public void update(long hour, double y) {
        // Fixed between refits: the hours it learns from come with the next fit.
    }

    @Override
    public void forecast(long from, double[] z, int horizon) {
        regression.forecast(beta, from, z);
    }

    @Override
    public List<ExternalEvent> events() {
        return regression.events().events();
    }

    @Override
    public void write(DataOutputStream out) throws IOException {
        out.writeLong(regression.firstHour());
        out.writeInt(regression.historyHours());
        FittedModelCodec.writeEffects(out, regression.events());
        writeDoubles(out, beta);
    }

    static LiveRegression read(DataInputStream in, int version, Transform transform) throws IOException {
        long first = in.readLong();
        int hours = in.readInt();
        EventEffects windows = EventEffects.windowsOf(FittedModelCodec.readEffects(in, version, transform).events());
        return new LiveRegression(new RegressionModel(first, hours, windows), readDoubles(in));
    }
}
