package io.tablecast.job.forecast;

import io.tablecast.connectors.model.RoutedTransaction;
import io.tablecast.connectors.model.Transaction;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import static io.tablecast.job.forecast.SegmentHourCount.HOUR_MILLIS;
import static io.tablecast.job.forecast.SegmentHourCount.endOf;
import static org.assertj.core.api.Assertions.assertThat;

class HourlyCountCombinerTest {
    private static final long H0 = 493_000;  // an hour in 2026

    private static StreamRecord<RoutedTransaction> record(String segment, long hour, int minute) {
        long ts = hour * HOUR_MILLIS + minute * 60_000L;
        return new StreamRecord<>(new RoutedTransaction(new Transaction("t", "u", ts, BigDecimal.ONE, null, null,
                null, segment), segment, 0, 0, "tx"), ts);
    }

    private static OneInputStreamOperatorTestHarness<RoutedTransaction, SegmentHourCount> harness() throws Exception {
        return new OneInputStreamOperatorTestHarness<>(new HourlyCountCombiner());
    }

    /** The output as "segment@hour=count" and "W<hour end>" for watermarks, in order. */
    private static List<String> output(OneInputStreamOperatorTestHarness<RoutedTransaction, SegmentHourCount> h) {
        List<String> out = new ArrayList<>();
        for (Object o : h.getOutput()) {
            if (o instanceof Watermark) {
                out.add("W" + ((Watermark) o).getTimestamp() / HOUR_MILLIS);
            } else {
                @SuppressWarnings("unchecked")
                StreamRecord<SegmentHourCount> r = (StreamRecord<SegmentHourCount>) o;
                assertThat(r.getTimestamp()).isEqualTo(endOf(r.getValue().hour) - 1);
                out.add(r.getValue().toString());
            }
        }
        return out;
    }

    @Test
    void emitsEachHoursCountOnceWhenTheWatermarkPassesItAndBeforeThatWatermark() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processElement(record("a", H0, 1));
            h.processElement(record("a", H0, 59));
            h.processElement(record("b", H0, 30));
            h.processElement(record("a", H0 + 1, 5));
            h.processElement(record("a", H0, 10));
            h.processWatermark(endOf(H0) - 1);
            assertThat(output(h)).containsExactly("W" + H0);  // the hour is not over yet
            h.processWatermark(endOf(H0));
            assertThat(output(h)).containsExactlyInAnyOrder("W" + H0, "a@" + H0 + "=3", "b@" + H0 + "=1",
                    "W" + (H0 + 1));
            assertThat(output(h).get(output(h).size() - 1)).isEqualTo("W" + (H0 + 1));
        }
    }

    @Test
    void aLateRecordIsEmittedAtOnceAsACountOfOne() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processWatermark(endOf(H0 + 2));
            h.processElement(record("a", H0, 5));
            assertThat(output(h)).containsExactly("W" + (H0 + 3), "a@" + H0 + "=1");
        }
    }

    @Test
    void countsNotYetEmittedSurviveARestart() throws Exception {
        OperatorSubtaskState checkpoint;
        try (var before = harness()) {
            before.open();
            before.processElement(record("a", H0, 1));
            before.processElement(record("a", H0, 2));
            checkpoint = before.snapshot(1, 1);
        }
        try (var after = harness()) {
            after.initializeState(checkpoint);
            after.open();
            after.processElement(record("a", H0, 3));
            after.processWatermark(endOf(H0));
            assertThat(output(after)).containsExactly("a@" + H0 + "=3", "W" + (H0 + 1));
        }
    }
}
