package io.tablecast.job.operators;

import io.tablecast.connectors.model.DeadLetter;
import io.tablecast.connectors.model.SourceRecord;
import io.tablecast.connectors.model.Transaction;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ValidateTransactionTest {
    private static final long HOUR = Duration.ofHours(1).toMillis();

    private static SourceRecord accepted(String id, long ts) {
        return SourceRecord.accepted(new Transaction(id, "u", ts, BigDecimal.TEN, null, null, null, null),
                "transactions", 1, 7, id.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void acceptedRecordsPassAndRejectedOnesBecomeDeadLettersWithTheirOrigin() throws Exception {
        try (OneInputStreamOperatorTestHarness<SourceRecord, Transaction> harness =
                     ProcessFunctionTestHarnesses.forProcessFunction(new ValidateTransaction())) {
            harness.processElement(accepted("t1", 5 * HOUR), 5 * HOUR);
            harness.processElement(SourceRecord.rejected("not valid JSON", "transactions", 2, 99,
                    "{oops".getBytes(StandardCharsets.UTF_8)), 0);

            assertThat(harness.extractOutputValues()).extracting(t -> t.txnId).containsExactly("t1");
            List<DeadLetter> letters = deadLetters(harness);
            assertThat(letters).hasSize(1);
            assertThat(letters.get(0).reason).isEqualTo("not valid JSON");
            assertThat(letters.get(0).sourcePartition).isEqualTo(2);
            assertThat(letters.get(0).sourceOffset).isEqualTo(99);
            assertThat(new String(letters.get(0).raw, StandardCharsets.UTF_8)).isEqualTo("{oops");
        }
    }

    @Test
    void theVerdictDoesNotDependOnTheWatermark() throws Exception {
        // After a restart the watermark starts over; a record's fate must not change with it.
        for (long watermark : new long[] {Long.MIN_VALUE, 0, 10 * HOUR, 10_000 * HOUR}) {
            try (OneInputStreamOperatorTestHarness<SourceRecord, Transaction> harness =
                         ProcessFunctionTestHarnesses.forProcessFunction(new ValidateTransaction())) {
                harness.processWatermark(watermark);
                harness.processElement(accepted("far-ahead", 1000 * HOUR), 1000 * HOUR);
                harness.processElement(accepted("far-behind", HOUR), HOUR);
                assertThat(harness.extractOutputValues()).extracting(t -> t.txnId)
                        .containsExactly("far-ahead", "far-behind");
                assertThat(deadLetters(harness)).isEmpty();
            }
        }
    }

    private static List<DeadLetter> deadLetters(OneInputStreamOperatorTestHarness<SourceRecord, Transaction> h) {
        List<DeadLetter> out = new ArrayList<>();
        if (h.getSideOutput(SideOutputs.DEAD_LETTERS) != null) {
            for (StreamRecord<DeadLetter> r : h.getSideOutput(SideOutputs.DEAD_LETTERS)) {
                out.add(r.getValue());
            }
        }
        return out;
    }
}
