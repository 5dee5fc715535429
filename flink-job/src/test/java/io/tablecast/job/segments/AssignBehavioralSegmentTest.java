package io.tablecast.job.segments;

import io.tablecast.connectors.model.RoutedTransaction;
import io.tablecast.connectors.model.SegmentControl;
import io.tablecast.connectors.model.SegmentMove;
import io.tablecast.connectors.model.Transaction;
import io.tablecast.connectors.model.UserProfile;
import io.tablecast.job.routing.TimeWindows;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class AssignBehavioralSegmentTest {
    /** The operator as the job wires it: users keyed, rule versions broadcast. */
    private static final class Harness
            extends KeyedBroadcastOperatorTestHarness<String, UserInput, SegmentControl, RoutedTransaction> {
        Harness(AssignBehavioralSegment function) throws Exception {
            super(new CoBroadcastWithKeyedOperator<>(function, List.of(AssignBehavioralSegment.RULES)),
                    UserInput::userId, Types.STRING, 128, 1, 0);
        }
    }

    private static final long DAY = 86_400_000L;
    private static final long D0 = 20_000;  // a day in 2024
    private static final String RULES_JSON = "{\"default\": \"casual\", \"hysteresis\": 0.2,"
            + " \"min_days_in_segment\": 2, \"window_days\": 7,"
            + " \"rules\": [{\"segment\": \"frequent\", \"when\": {\"records_per_day\": {\"min\": 5}}}]}";
    private static final SegmentRules RULES = SegmentRules.parse(RULES_JSON, "test");

    private static Harness harness() throws Exception {
        return harness(null);
    }

    private static Harness harness(OperatorSubtaskState restore) throws Exception {
        var h = new Harness(new AssignBehavioralSegment(RULES, new TimeWindows(Duration.ofDays(1)),
                Duration.ofDays(90), Duration.ofDays(400)));
        if (restore != null) {
            h.initializeState(restore);
        }
        h.open();
        h.processBroadcastWatermark(Long.MAX_VALUE);  // as in the job: rule versions never hold event time
        return h;
    }

    /** {@code n} records of the user on {@code day}, at its noon, watermark at that noon first. */
    private static void dayOf(Harness h,
                              String user, long day, int n) throws Exception {
        long noon = day * DAY + DAY / 2;
        h.processWatermark(noon);
        for (int i = 0; i < n; i++) {
            h.processElement(new StreamRecord<>(UserInput.of(txn(user + "-" + day + "-" + i, user, noon + i)), noon + i));
        }
    }

    private static Transaction txn(String id, String user, long ts) {
        return new Transaction(id, user, ts, BigDecimal.TEN, "EUR", "purchase", null, "ignored");
    }

    private static List<String> segmentsByDay(List<RoutedTransaction> out, String user) {
        return out.stream().filter(r -> r.txn.userId.equals(user))
                .map(r -> (r.txn.tsMillis / DAY - D0) + ":" + r.segmentId).distinct().collect(Collectors.toList());
    }

    private static List<String> moves(Harness h) {
        return h.getSideOutput(AssignBehavioralSegment.SEGMENT_MOVES).stream().map(StreamRecord::getValue)
                .map(m -> m.userId + "@" + (m.fromMillis / DAY - D0) + ":" + m.previousSegmentId + "->" + m.segmentId)
                .collect(Collectors.toList());
    }

    @Test
    void aUserWhoseBehaviorChangesMovesOnceFromTheDayAfterAndNotBackOnNoise() throws Exception {
        try (var h = harness()) {
            int[] perDay = {1, 1, 1, 1, 12, 12, 12, 12, 12, 4, 6, 4, 5, 4, 6, 5, 4};
            for (int d = 0; d < perDay.length; d++) {
                dayOf(h, "ann", D0 + d, perDay[d]);
            }
            List<String> byDay = segmentsByDay(h.extractOutputValues(), "ann");
            // Decided from the days before: day 4's own 12 records do not count for day 4. Bias-corrected means,
            // α = 1/7: through day 4 2.11 / 0.537 = 3.9, through day 5 3.52 / 0.603 = 5.8 — frequent from day 6.
            assertThat(byDay).startsWith("0:casual", "1:casual", "2:casual", "3:casual", "4:casual", "5:casual",
                    "6:frequent");
            assertThat(byDay.subList(6, byDay.size())).as("4 to 6 a day stays above 5 × 0.8")
                    .allSatisfy(s -> assertThat(s).endsWith(":frequent"));
            assertThat(moves(h)).containsExactly("ann@0:null->casual", "ann@6:casual->frequent");
            assertThat(h.extractOutputValues()).hasSize(java.util.Arrays.stream(perDay).sum());
            assertThat(h.extractOutputValues()).allSatisfy(r -> assertThat(r.intervalId).isEqualTo(r.txn.tsMillis / DAY));
        }
    }

    @Test
    void recordsAheadOfTheWatermarkWaitForTheirDaysDecisionAndLateOnesKeepTheirDaysSegment() throws Exception {
        try (var h = harness()) {
            for (int d = 0; d < 6; d++) {
                dayOf(h, "bob", D0 + d, 12);
            }
            assertThat(moves(h)).as("casual for the dwell of two days").last().isEqualTo("bob@2:casual->frequent");
            int before = h.extractOutputValues().size();
            // Day 6 records arrive while event time is still in day 5: they wait.
            h.processElement(new StreamRecord<>(UserInput.of(txn("early", "bob", (D0 + 6) * DAY + 5)), (D0 + 6) * DAY + 5));
            assertThat(h.extractOutputValues()).hasSize(before);
            assertThat(h.numEventTimeTimers()).isEqualTo(1);
            // A record of day 0 (before bob moved), late: casual, as its day was.
            h.processElement(new StreamRecord<>(UserInput.of(txn("late", "bob", D0 * DAY + 7)), D0 * DAY + 7));
            h.processWatermark((D0 + 6) * DAY);
            List<RoutedTransaction> out = h.extractOutputValues();
            assertThat(out.stream().filter(r -> r.txn.txnId.equals("late")).findFirst().orElseThrow().segmentId)
                    .isEqualTo("casual");
            assertThat(out.stream().filter(r -> r.txn.txnId.equals("early")).findFirst().orElseThrow().segmentId)
                    .isEqualTo("frequent");
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void aRestoredUserKeepsItsSegmentBehaviorAndWaitingRecords() throws Exception {
        OperatorSubtaskState checkpoint;
        try (var h = harness()) {
            for (int d = 0; d < 3; d++) {
                dayOf(h, "cy", D0 + d, 12);
            }
            h.processElement(new StreamRecord<>(UserInput.of(txn("waiting", "cy", (D0 + 3) * DAY + 1)), (D0 + 3) * DAY + 1));
            checkpoint = h.snapshot(1, 1);
        }
        try (var h = harness(checkpoint)) {
            h.processWatermark((D0 + 3) * DAY);
            assertThat(h.extractOutputValues()).singleElement().satisfies(r -> {
                assertThat(r.txn.txnId).isEqualTo("waiting");
                assertThat(r.segmentId).isEqualTo("frequent");  // casual days 0-1 (dwell), frequent from day 2
            });
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    private static long usersWith(Harness h, String state) {
        var operator = (AbstractStreamOperator<?>) h.getTwoInputOperator();
        try (var keys = operator.getKeyedStateBackend().getKeys(state, VoidNamespace.INSTANCE)) {
            return keys.count();
        }
    }

    private static UserInput profile(String user, String segment, long fromDay, String... attribute) {
        String[] names = attribute.length == 0 ? new String[0] : new String[] {attribute[0]};
        String[] values = attribute.length == 0 ? new String[0] : new String[] {attribute[1]};
        return UserInput.of(new UserProfile(user, segment, names, values, fromDay * DAY));
    }

    private static SegmentControl ruleVersion(String json, long fromDay) {
        SegmentControl c = new SegmentControl();
        c.rulesJson = json;
        c.rulesEffectiveFromMillis = fromDay * DAY;
        return c;
    }

    @Test
    void anExplicitSegmentHoldsFromItsDayAndLeavingItIsNoMoveByBehaviorSoNoDwell() throws Exception {
        try (var h = harness()) {
            h.processElement(profile("dan", "vip", D0 + 3), 0);
            h.processElement(profile("dan", null, D0 + 4), 0);  // deleted the next day
            for (int d = 0; d < 6; d++) {
                dayOf(h, "dan", D0 + d, 1);
            }
            assertThat(segmentsByDay(h.extractOutputValues(), "dan")).containsExactly("0:casual", "1:casual",
                    "2:casual", "3:vip", "4:casual", "5:casual");
            // Back after one day although min_days_in_segment is 2: the rules decide afresh.
            assertThat(moves(h)).containsExactly("dan@0:null->casual", "dan@3:casual->vip", "dan@4:vip->casual");
            assertThat(usersWith(h, "user-profile")).as("the deleted profile is gone").isZero();
            assertThat(usersWith(h, "user-segment")).isEqualTo(1);
        }
    }

    @Test
    void ruleVersionsTakeEffectOnTheirDayAndMayTestTheProfile() throws Exception {
        try (var h = harness()) {
            h.processBroadcastElement(ruleVersion("{\"default\": \"casual\", \"min_days_in_segment\": 0,"
                    + " \"rules\": [{\"segment\": \"gold\", \"when\": {\"profile.tier\": {\"in\": [\"gold\"]}}}]}",
                    D0 + 3), 0);
            h.processElement(profile("eve", null, D0, "tier", "gold"), 0);
            for (int d = 0; d < 5; d++) {
                dayOf(h, "eve", D0 + d, 1);
                dayOf(h, "fay", D0 + d, 1);
            }
            assertThat(segmentsByDay(h.extractOutputValues(), "eve")).containsExactly("0:casual", "1:casual",
                    "2:casual", "3:gold", "4:gold");
            assertThat(segmentsByDay(h.extractOutputValues(), "fay")).allSatisfy(s -> assertThat(s).endsWith("casual"));
        }
    }

    @Test
    void aProfileArrivingAfterItsDayWasDecidedAppliesFromTheNextDecision() throws Exception {
        try (var h = harness()) {
            for (int d = 0; d < 3; d++) {
                dayOf(h, "gus", D0 + d, 1);
            }
            h.processElement(profile("gus", "vip", D0 + 1), 0);  // meant for day 1; day 2 is decided already
            dayOf(h, "gus", D0 + 3, 1);
            assertThat(segmentsByDay(h.extractOutputValues(), "gus")).containsExactly("0:casual", "1:casual",
                    "2:casual", "3:vip");
        }
    }

    @Test
    void supersededRuleVersionsLeaveBroadcastStateAndAFailedOverOperatorKeepsRulesAndProfiles() throws Exception {
        String goldRules = "{\"default\": \"casual\", \"min_days_in_segment\": 0,"
                + " \"rules\": [{\"segment\": \"gold\", \"when\": {\"profile.tier\": {\"in\": [\"gold\"]}}}]}";
        OperatorSubtaskState checkpoint;
        try (var h = harness()) {
            h.processBroadcastElement(ruleVersion(RULES_JSON, D0 + 1), 0);
            h.processBroadcastElement(ruleVersion(RULES_JSON, D0 + 2), 0);
            dayOf(h, "hal", D0 + 3, 1);
            h.processBroadcastElement(ruleVersion(goldRules, D0 + 5), 0);
            assertThat(h.getBroadcastState(AssignBehavioralSegment.RULES).immutableEntries())
                    .extracting(e -> e.getKey() / DAY - D0).containsExactlyInAnyOrder(2L, 5L);
            h.processElement(profile("hal", null, D0 + 4, "tier", "gold"), 0);
            checkpoint = h.snapshot(1, 1);
        }
        try (var h = harness(checkpoint)) {
            dayOf(h, "hal", D0 + 4, 1);
            dayOf(h, "hal", D0 + 5, 1);
            assertThat(segmentsByDay(h.extractOutputValues(), "hal")).containsExactly("4:casual", "5:gold");
        }
    }
}
