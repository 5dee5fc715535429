package io.tablecast.job.forecast;

import io.tablecast.connectors.model.RoutedTransaction;
import io.tablecast.connectors.model.Transaction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import static io.tablecast.job.forecast.SegmentHourCount.HOUR_MILLIS;
import static io.tablecast.job.forecast.SegmentHourCount.endOf;
import static org.assertj.core.api.Assertions.assertThat;

class HotUserCounterTest {
    private static final long H0 = 493_000;  // an hour in 2026
    private static final long FLOOR = 5;

    private static KeyedOneInputStreamOperatorTestHarness<String, RoutedTransaction, UserHourCount> harness()
            throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new HotUserCounter(FLOOR, Duration.ofHours(3))),
                r -> r.txn.userId, Types.STRING);
        h.open();
        return h;
    }

    private static void send(KeyedOneInputStreamOperatorTestHarness<String, RoutedTransaction, UserHourCount> h,
                             String user, String segment, long hour, int records) throws Exception {
        for (int i = 0; i < records; i++) {
            long ts = hour * HOUR_MILLIS + i * 1000L;
            h.processElement(new StreamRecord<>(new RoutedTransaction(new Transaction(user + i, user, ts,
                    BigDecimal.ONE, null, null, null, segment), segment, 0, 0, null), ts));
        }
    }

    private static List<String> reported(KeyedOneInputStreamOperatorTestHarness<String, RoutedTransaction,
            UserHourCount> h) {
        return h.extractOutputValues().stream().map(UserHourCount::toString).sorted().collect(Collectors.toList());
    }

    @Test
    void reportsEachUsersHourAtTheFloorOnceTheWatermarkClosesItAndNothingBelow() throws Exception {
        try (var h = harness()) {
            send(h, "whale", "retail", H0, 7);
            send(h, "whale", "travel", H0, 5);       // the same user in a second segment counts apart
            send(h, "minnow", "retail", H0, 4);      // under the floor
            send(h, "whale", "retail", H0 + 1, 6);   // the next hour, still open
            h.processWatermark(endOf(H0) - 1);
            assertThat(h.extractOutputValues()).as("not before the hour closes").isEmpty();
            h.processWatermark(endOf(H0));
            assertThat(reported(h)).containsExactly("retail/whale@" + H0 + "=7", "travel/whale@" + H0 + "=5");
            assertThat(h.getOutput().stream().filter(o -> o instanceof StreamRecord)
                    .map(o -> ((StreamRecord<?>) o).getTimestamp())).as("stamped with the hour's end")
                    .containsOnly(endOf(H0));

            h.processWatermark(endOf(H0 + 1));
            assertThat(reported(h)).contains("retail/whale@" + (H0 + 1) + "=6").hasSize(3);
            assertThat(h.numEventTimeTimers()).isZero();
            send(h, "minnow", "retail", H0 + 2, 1);  // a new hour drops the minnow's closed one
            h.setProcessingTime(0);
            assertThat(h.numKeyedStateEntries()).as("only the minnow's open hour is left").isEqualTo(1);
        }
    }

    @Test
    void aRecordOfAClosedHourIsNotCounted() throws Exception {
        try (var h = harness()) {
            h.processWatermark(endOf(H0));
            send(h, "whale", "retail", H0, 9);
            h.processWatermark(endOf(H0 + 5));
            assertThat(h.extractOutputValues()).isEmpty();
            assertThat(h.numKeyedStateEntries()).isZero();
        }
    }

    @Test
    void countsOfOpenHoursSurviveARestart() throws Exception {
        OperatorSubtaskState checkpoint;
        try (var h = harness()) {
            send(h, "whale", "retail", H0, 3);
            checkpoint = h.snapshot(1, 1);
        }
        var after = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new HotUserCounter(FLOOR, Duration.ofHours(3))),
                (RoutedTransaction r) -> r.txn.userId, Types.STRING);
        after.initializeState(checkpoint);
        after.open();
        try (after) {
            send(after, "whale", "retail", H0, 4);
            after.processWatermark(endOf(H0));
            assertThat(reported(after)).containsExactly("retail/whale@" + H0 + "=7");
        }
    }
}
