package io.tablecast.job.operators;

import io.tablecast.connectors.model.SourceRecord;
import io.tablecast.connectors.model.Transaction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

import java.time.Duration;
import java.time.Instant;

/**
 * Passes accepted transactions on and sends every rejected record to {@link SideOutputs#DEAD_LETTERS} with its
 * reason. Besides the parser's verdict it checks the one rule that needs the stream: a timestamp too far ahead of
 * the job's event time (the watermark) is refused, so one bad clock cannot drag windows and premake forward.
 */
public final class ValidateTransaction extends ProcessFunction<SourceRecord, Transaction> {
    private static final long serialVersionUID = 1L;

    private final long maxAheadOfWatermarkMillis;

    private transient Counter recordsIn;
    private transient Counter accepted;
    private transient Counter deadLettered;

    /** @param maxAheadOfWatermark zero disables the event-time check */
    public ValidateTransaction(Duration maxAheadOfWatermark) {
        this.maxAheadOfWatermarkMillis = maxAheadOfWatermark.toMillis();
    }

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
        String reason = record.isAccepted() ? aheadOfEventTime(record.txn, ctx.timerService().currentWatermark())
                : record.rejectReason;
        if (reason == null) {
            accepted.inc();
            out.collect(record.txn);
        } else {
            deadLettered.inc();
            ctx.output(SideOutputs.DEAD_LETTERS, record.toDeadLetter(reason));
        }
    }

    private String aheadOfEventTime(Transaction txn, long watermark) {
        if (maxAheadOfWatermarkMillis <= 0 || watermark == Long.MIN_VALUE) {
            return null;
        }
        if (txn.tsMillis > watermark + maxAheadOfWatermarkMillis) {
            return "'ts' " + Instant.ofEpochMilli(txn.tsMillis) + " is more than "
                    + Duration.ofMillis(maxAheadOfWatermarkMillis) + " ahead of the job's event time "
                    + Instant.ofEpochMilli(watermark);
        }
        return null;
    }
}
