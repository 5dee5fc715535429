package io.tablecast.job.operators;

import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Watermarks for a side stream that must take no part in event time where it joins the main one: every subtask
 * marks it idle from the start and never emits a watermark, so the join follows the main stream alone — and stands
 * still when that is idle. (Saying "all of event time has passed" instead made a joined operator whose main input
 * had gone idle jump to the end of time: the forecaster issued a week of forecasts into the future.) A source subtask
 * without a Kafka partition emits no watermark at all and is never marked idle, so with ordinary watermarks a
 * one-partition topic read at parallelism two held the forecaster's event time at its minimum and no window was ever
 * planned. Applied as an operator after the source,
 * it runs on every subtask whether or not it has a partition.
 */
public final class NeverHoldsEventTime<T> implements WatermarkStrategy<T> {
    private static final long serialVersionUID = 1L;

    @Override
    public WatermarkGenerator<T> createWatermarkGenerator(WatermarkGeneratorSupplier.Context context) {
        return new WatermarkGenerator<>() {
            @Override
            public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
            }

            @Override
            public void onPeriodicEmit(WatermarkOutput output) {
                output.markIdle();
            }
        };
    }
}
