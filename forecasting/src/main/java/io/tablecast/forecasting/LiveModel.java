package io.tablecast.forecasting;

import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;

/**
 * What one kind of fitted model does between refits, in its working space: learn each new hour and forecast the
 * hours ahead. {@link FittedModel} turns those forecasts into counts with an upper bound.
 */
interface LiveModel {
    /** Learns the value (a count; NaN: missing) of the absolute hour after the last one learnt. */
    void update(long hour, double y);

    /** Working-space forecasts of the {@code horizon} hours from absolute hour {@code from}, into {@code z}. */
    void forecast(long from, double[] z, int horizon);

    /** The external events whose effects it forecasts. */
    List<ExternalEvent> events();

    /** Its part of a snapshot, after {@link FittedModelCodec}'s common part. */
    void write(DataOutputStream out) throws IOException;
}
