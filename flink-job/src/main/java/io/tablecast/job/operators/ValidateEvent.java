package io.tablecast.job.operators;

import io.tablecast.connectors.model.EventNotice;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Passes accepted external events on and sends every record that could not be read as one to
 * {@link SideOutputs#DEAD_LETTERS} with its reason: a broken event must not stop the job, nor vanish.
 */
public final class ValidateEvent extends ProcessFunction<EventNotice, EventNotice> {
    private static final long serialVersionUID = 1L;

    private transient Counter accepted;
    private transient Counter deadLettered;

    @Override
    public void open(Configuration parameters) {
        MetricGroup metrics = getRuntimeContext().getMetricGroup().addGroup("tablecast");
        accepted = metrics.counter("eventsAccepted");
        deadLettered = metrics.counter("eventsDeadLettered");
    }

    @Override
    public void processElement(EventNotice event, Context ctx, Collector<EventNotice> out) {
        if (event.isAccepted()) {
            accepted.inc();
            event.raw = null;  // every subtask keeps a copy in broadcast state: keep it small
            out.collect(event);
        } else {
            deadLettered.inc();
            ctx.output(SideOutputs.DEAD_LETTERS, event.toDeadLetter());
        }
    }
}
