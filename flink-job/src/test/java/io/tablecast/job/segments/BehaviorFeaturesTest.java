package io.tablecast.job.segments;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class BehaviorFeaturesTest {
    private static final List<String> TYPES = List.of("transfer");

    /** A day of {@code records} records of 30 each, 40 % transfers, then the day closed (as the assigner does). */
    private static void day(BehaviorFeatures f, long day, int records) {
        for (int i = 0; i < records; i++) {
            f.tally(day, 30, i % 5 < 2 ? "transfer" : "purchase");
        }
        f.closeThrough(day, 28);
    }

    @Test
    void aNewUserIsJudgedByTheDaysItWasSeenNotByEmptyDaysBeforeThem() {
        BehaviorFeatures f = BehaviorFeatures.fresh(TYPES);
        day(f, 100, 10);
        day(f, 101, 10);
        day(f, 102, 10);
        BehaviorFeatures.Values v = f.valuesOn(103);
        assertThat(v.get(BehaviorFeatures.RECORDS_PER_DAY)).isCloseTo(10, within(1e-9));
        assertThat(v.get(BehaviorFeatures.SPEND_PER_DAY)).isCloseTo(300, within(1e-9));
        assertThat(v.get(BehaviorFeatures.MEAN_AMOUNT)).isCloseTo(30, within(1e-9));
        assertThat(v.get("type_share.transfer")).isCloseTo(0.4, within(1e-9));
        assertThat(v.get(BehaviorFeatures.ACTIVE_SHARE)).isCloseTo(1, within(1e-9));
        assertThat(v.get(BehaviorFeatures.DAYS_SINCE_LAST)).isEqualTo(1);
        assertThat(v.get("type_share.refund")).as("a type no rule tracks").isZero();
    }

    @Test
    void quietDaysCountAsZerosWeightedByAge() {
        BehaviorFeatures f = BehaviorFeatures.fresh(TYPES);
        day(f, 100, 10);
        f.tally(103, 30, "purchase");   // two quiet days between: 101, 102
        f.closeThrough(109, 28);  // and six after: 104..109
        // Exponential weights, α = 1/28, newest first: day 109 … 104 zeros, 103 one record, 102, 101 zeros, 100 ten.
        double a = 1.0 / 28;
        double keep = 1 - a;
        double w100 = a * Math.pow(keep, 9);
        double w103 = a * Math.pow(keep, 6);
        double weight = 1 - Math.pow(keep, 10);  // ten days observed, 100..109
        BehaviorFeatures.Values v = f.valuesOn(110);
        assertThat(v.get(BehaviorFeatures.RECORDS_PER_DAY)).isCloseTo((10 * w100 + w103) / weight, within(1e-9));
        assertThat(v.get(BehaviorFeatures.ACTIVE_SHARE)).isCloseTo((w100 + w103) / weight, within(1e-9));
        assertThat(v.get(BehaviorFeatures.DAYS_SINCE_LAST)).isEqualTo(7);
        assertThat(v.get(BehaviorFeatures.MEAN_AMOUNT)).as("a mean of amounts, not of days").isCloseTo(30,
                within(1e-9));
    }

    @Test
    void aUserNeverSeenIsQuietForeverAndADayIsTalliedOnlyWhileOpen() {
        BehaviorFeatures f = BehaviorFeatures.fresh(List.of());
        f.closeThrough(500, 28);
        assertThat(f.valuesOn(501).get(BehaviorFeatures.DAYS_SINCE_LAST)).isEqualTo(BehaviorFeatures.NEVER);
        assertThat(f.valuesOn(501).get(BehaviorFeatures.RECORDS_PER_DAY)).isZero();
        f.tally(501, 1, "purchase");
        assertThatThrownBy(() -> f.tally(502, 1, "purchase")).hasMessageContaining("still open");
    }

    @Test
    void newRulesNamingOtherTypesKeepTheHistoryOfTypesTrackedBeforeAndStartNewOnesAtNone() {
        BehaviorFeatures f = BehaviorFeatures.fresh(TYPES);
        day(f, 100, 10);
        f.retrack(List.of("refund", "transfer"));
        BehaviorFeatures.Values v = f.valuesOn(101);
        assertThat(v.get("type_share.transfer")).isCloseTo(0.4, within(1e-9));
        assertThat(v.get("type_share.refund")).isZero();
        f.tally(101, 30, "refund");
        f.closeThrough(101, 28);
        assertThat(f.valuesOn(102).get("type_share.refund")).isGreaterThan(0);
        // Raw weighted sums after day 101 (α = 1/28): transfers 4α·27/28, records 10α·27/28 + α.
        assertThat(f.valuesOn(102).get("type_share.transfer")).isCloseTo(4.0 * 27 / (10 * 27 + 28), within(1e-9));
        // State written before types were named (restored from an older savepoint) starts its type shares over.
        BehaviorFeatures legacy = BehaviorFeatures.fresh(TYPES);
        day(legacy, 100, 10);
        legacy.typeNames = null;
        legacy.retrack(TYPES);
        assertThat(legacy.valuesOn(101).get("type_share.transfer")).isZero();
        assertThat(legacy.valuesOn(101).get(BehaviorFeatures.RECORDS_PER_DAY)).isCloseTo(10, within(1e-9));
    }
}
