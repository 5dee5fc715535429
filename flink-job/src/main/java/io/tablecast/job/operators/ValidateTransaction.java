package io.tablecast.job.operators;

import io.tablecast.connectors.model.SourceRecord;
import io.tablecast.connectors.model.Transaction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Passes accepted transactions on and sends every rejected record to {@link SideOutputs#DEAD_LETTERS} with its
 * reason, counting both. The verdict itself is the parser's, made from the record alone, so it is the same however
 * often a restart makes the job read the record; nothing here may consult the watermark or the clock.
 */
public final class ValidateTransaction extends ProcessFunction<SourceRecord, Transaction> {
    private static final long serialVersionUID = 2L;

    private transient Counter recordsIn;
    private transient Counter accepted;
    private transient Counter deadLettered;

    @Override
    public void open(Configuration parameters) {
        MetricGroup metrics = getRuntimeContext().getMetricGroup().addGroup("tablecast");
        recordsIn = metrics.counter("recordsIn");
        accepted = metrics.counter("recordsAccepted");
        deadLettered = metrics.counter("recordsDeadLettered");
    }

    @Override
    public void processElement(SourceRecord record, Context ctx, Collector<Transaction> out) {
        recordsIn.inc();
        if (record.isAccepted()) {
            accepted.inc();
            out.collect(record.txn);
        } else {
            deadLettered.inc();
            ctx.output(SideOutputs.DEAD_LETTERS, record.toDeadLetter(record.rejectReason));
        }
    }
}
