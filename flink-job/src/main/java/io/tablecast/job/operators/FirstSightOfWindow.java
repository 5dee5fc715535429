package io.tablecast.job.operators;

import io.tablecast.connectors.model.RoutedTransaction;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.util.Collector;


/**
 * Emits a {@link WindowSighting} the first time this subtask sees a (segment, window) pair, so that the scheduler
 * gets a handful of records per window instead of every transaction. The memory is a bounded cache, not state:
 * after a restart a pair is simply reported again, and the scheduler ignores windows it already planned.
 */
public final class FirstSightOfWindow extends RichFlatMapFunction<RoutedTransaction, WindowSighting> {
    private static final long serialVersionUID = 1L;
    private static final int MAX_REMEMBERED = 10_000;

    private transient RecentlySeen seen;

    @Override
    public void open(Configuration parameters) {
        seen = new RecentlySeen(MAX_REMEMBERED);
    }

    @Override
    public void flatMap(RoutedTransaction r, Collector<WindowSighting> out) {
        if (seen.firstTime(r.segmentId + "/" + r.intervalId)) {
            out.collect(new WindowSighting(r.segmentId, r.intervalId));
        }
    }
}
