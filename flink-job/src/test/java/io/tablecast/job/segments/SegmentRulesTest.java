package io.tablecast.job.segments;

import io.tablecast.connectors.model.UserProfile;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SegmentRulesTest {
    static final String RULES = "{\"default\": \"casual\", \"hysteresis\": 0.2, \"min_days_in_segment\": 3,"
            + " \"window_days\": 14, \"rules\": ["
            + " {\"segment\": \"vip\", \"when\": {\"spend_per_day\": {\"min\": 500}, \"records_per_day\": {\"min\": 2}}},"
            + " {\"segment\": \"frequent\", \"when\": {\"records_per_day\": {\"min\": 20}}},"
            + " {\"segment\": \"traveller\", \"when\": {\"type_share.transfer\": {\"min\": 0.5}}},"
            + " {\"segment\": \"dormant\", \"when\": {\"days_since_last\": {\"min\": 30}}}]}";
    private static final SegmentRules PARSED = SegmentRules.parse(RULES, "segments.rules-file (rules.json)");

    /** Features as the rules see them: a user observed long enough that its means are what is set here. */
    static UserFacts user(double recordsPerDay, double spendPerDay, double transferShare,
                                        long daysSinceLast) {
        BehaviorFeatures f = BehaviorFeatures.fresh(List.of("transfer"));
        f.records = recordsPerDay;
        f.spend = spendPerDay;
        f.types[0] = transferShare * recordsPerDay;
        f.active = 1;
        f.weight = 1;
        f.lastActiveDay = 1000 - daysSinceLast;
        return new UserFacts(f.valuesOn(1000), null);
    }

    @Test
    void theFirstRuleThatHoldsWinsAndNoRuleMeansTheDefault() {
        assertThat(PARSED.decide(user(3, 600, 0, 0), null, 0, 1000)).isEqualTo("vip");
        assertThat(PARSED.decide(user(25, 600, 0, 0), null, 0, 1000)).as("vip comes first").isEqualTo("vip");
        assertThat(PARSED.decide(user(25, 100, 0.9, 0), null, 0, 1000)).isEqualTo("frequent");
        assertThat(PARSED.decide(user(2, 100, 0.6, 0), null, 0, 1000)).isEqualTo("traveller");
        assertThat(PARSED.decide(user(0, 0, 0, 45), null, 0, 1000)).isEqualTo("dormant");
        assertThat(PARSED.decide(user(1, 10, 0, 1), null, 0, 1000)).isEqualTo("casual");
        assertThat(PARSED.trackedTypes()).containsExactly("transfer");
        assertThat(PARSED.windowDays()).isEqualTo(14);
    }

    @Test
    void aUserStaysWhileItsSegmentHoldsWithinTheHysteresisAndMovesOnlyAfterTheDwell() {
        // Enters frequent at 20 a day, stays down to 16, leaves below.
        assertThat(PARSED.decide(user(19, 0, 0, 0), "casual", 0, 1000)).isEqualTo("casual");
        assertThat(PARSED.decide(user(17, 0, 0, 0), "frequent", 0, 1000)).isEqualTo("frequent");
        assertThat(PARSED.decide(user(15.9, 0, 0, 0), "frequent", 0, 1000)).isEqualTo("casual");
        // Entered two days ago: stays two more days whatever it does (min_days_in_segment 3).
        assertThat(PARSED.decide(user(1, 0, 0, 0), "frequent", 998, 1000)).isEqualTo("frequent");
        assertThat(PARSED.decide(user(1, 0, 0, 0), "frequent", 997, 1000)).isEqualTo("casual");
    }

    @Test
    void rulesMayTestProfileAttributesAsNumbersOrCategoriesAndAMissingOneNeverHolds() {
        SegmentRules rules = SegmentRules.parse("{\"default\": \"casual\", \"rules\": ["
                + " {\"segment\": \"student\", \"when\": {\"profile.occupation\": {\"in\": [\"student\", \"pupil\"]}}},"
                + " {\"segment\": \"senior\", \"when\": {\"profile.age\": {\"min\": 65}}},"
                + " {\"segment\": \"young\", \"when\": {\"profile.age\": {\"max\": 25}, \"records_per_day\": {\"min\": 1}}}]}",
                "test");
        assertThat(rules.decide(profiled(1, "occupation", "pupil"), null, 0, 1000)).isEqualTo("student");
        assertThat(rules.decide(profiled(1, "age", "70"), null, 0, 1000)).isEqualTo("senior");
        assertThat(rules.decide(profiled(1, "age", "22"), null, 0, 1000)).isEqualTo("young");
        assertThat(rules.decide(profiled(0, "age", "22"), null, 0, 1000)).as("and its behavior").isEqualTo("casual");
        assertThat(rules.decide(profiled(1, "age", "old"), null, 0, 1000)).as("not a number").isEqualTo("casual");
        assertThat(rules.decide(profiled(1, "tier", "gold"), null, 0, 1000)).as("no age").isEqualTo("casual");
        assertThat(rules.decide(user(1, 0, 0, 0), null, 0, 1000)).as("no profile").isEqualTo("casual");
        assertThat(rules.trackedTypes()).isEmpty();
    }

    private static UserFacts profiled(double recordsPerDay, String attribute, String value) {
        BehaviorFeatures f = BehaviorFeatures.fresh(List.of());
        f.records = recordsPerDay;
        f.weight = 1;
        return new UserFacts(f.valuesOn(1000), new UserProfile("u", null, new String[] {attribute},
                new String[] {value}, 0));
    }

    @Test
    void badRulesAreRefusedNamingWhereAndWhat() {
        String src = "segments.rules-file (x.json)";
        assertThatThrownBy(() -> SegmentRules.parse("{", src)).hasMessageStartingWith(src + ": not JSON");
        assertThatThrownBy(() -> SegmentRules.parse("{\"default\": \"a b\", \"rules\": []}", src))
                .hasMessageContaining(src).hasMessageContaining("default").hasMessageContaining("'a b'");
        assertThatThrownBy(() -> SegmentRules.parse("{\"default\": \"d\", \"rules\": [{\"segment\": \"x\","
                + " \"when\": {\"spend\": {\"min\": 1}}}]}", src))
                .hasMessageContaining("rules[0].when.spend: unknown feature");
        assertThatThrownBy(() -> SegmentRules.parse("{\"default\": \"d\", \"rules\": [{\"segment\": \"x\","
                + " \"when\": {\"records_per_day\": {\"above\": 1}}}]}", src))
                .hasMessageContaining("unknown field rules[0].when.records_per_day.above");
        assertThatThrownBy(() -> SegmentRules.parse("{\"default\": \"d\", \"rules\": [], \"hysterisis\": 0.1}", src))
                .hasMessageContaining("unknown field hysterisis");
        assertThatThrownBy(() -> SegmentRules.parse("{\"default\": \"d\", \"rules\": [], \"hysteresis\": 1.5}", src))
                .hasMessageContaining("hysteresis must be a number in [0.0, 0.9]");
        assertThatThrownBy(() -> SegmentRules.parse("{\"default\": \"d\", \"rules\": [{\"segment\": \"x\","
                + " \"when\": {\"records_per_day\": {\"min\": -1}}}]}", src))
                .hasMessageContaining("rules[0].when.records_per_day.min must be a number at least 0");
        assertThatThrownBy(() -> SegmentRules.parse("{\"default\": \"d\", \"rules\": [{\"segment\": \"x\","
                + " \"when\": {\"records_per_day\": {\"in\": [1]}}}]}", src))
                .as("categories only for profile attributes")
                .hasMessageContaining("unknown field rules[0].when.records_per_day.in");
        assertThatThrownBy(() -> SegmentRules.parse("{\"default\": \"d\", \"rules\": [{\"segment\": \"x\","
                + " \"when\": {\"profile.tier\": {\"in\": []}}}]}", src))
                .hasMessageContaining("rules[0].when.profile.tier.in must be a non-empty list");
        assertThatThrownBy(() -> SegmentRules.parse("{\"default\": \"d\", \"rules\": [{\"segment\": \"x\","
                + " \"when\": {\"profile.a b\": {\"min\": 1}}}]}", src))
                .hasMessageContaining("rules[0].when.profile.a b: name a profile attribute");
    }

    /**
     * No flapping: a user whose daily behavior wanders inside a band narrower than the hysteresis (its low end within
     * the loosened threshold of its high end) moves at most once, however long it wanders and wherever the band
     * sits relative to the threshold.
     */
    @Property(tries = 500)
    void behaviorWanderingWithinTheHysteresisMovesAUserAtMostOnce(
            @ForAll @DoubleRange(min = 5, max = 60) double bandTop, @ForAll @LongRange(min = 1, max = 1000) long seed) {
        double bandBottom = bandTop * (1 - 0.2) + 1e-9;
        SplittableRandom random = new SplittableRandom(seed);
        String segment = null;
        long since = 0;
        int moves = 0;
        for (long day = 1000; day < 1200; day++) {
            double rate = bandBottom + random.nextDouble() * (bandTop - bandBottom);
            String next = PARSED.decide(user(rate, 0, 0, 0), segment, since, day);
            if (segment != null && !next.equals(segment)) {
                moves++;
            }
            if (!next.equals(segment)) {
                since = day;
            }
            segment = next;
        }
        assertThat(moves).isLessThanOrEqualTo(1);
    }
}
