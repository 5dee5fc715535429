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
            f.tally(day, 30, i % 5 < 2 ? 0 : -1);
        }
        f.closeThrough(day, 28);
    }

    @Test
    void aNewUserIsJudgedByTheDaysItWasSeenNotByEmptyDaysBeforeThem() {
        BehaviorFeatures f = BehaviorFeatures.fresh(1);
        day(f, 100, 10);
        day(f, 101, 10);
        day(f, 102, 10);
        BehaviorFeatures.Values v = f.valuesOn(103, TYPES);
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
        BehaviorFeatures f = BehaviorFeatures.fresh(1);
        day(f, 100, 10);
        f.tally(103, 30, -1);   // two quiet days between: 101, 102
        f.closeThrough(109, 28);  // and six after: 104..109
        // Exponential weights, α = 1/28, newest first: day 109 … 104 zeros, 103 one record, 102, 101 zeros, 100 ten.
        double a = 1.0 / 28;
        double keep = 1 - a;
        double w100 = a * Math.pow(keep, 9);
        double w103 = a * Math.pow(keep, 6);
        double weight = 1 - Math.pow(keep, 10);  // ten days observed, 100..109
        BehaviorFeatures.Values v = f.valuesOn(110, TYPES);
        assertThat(v.get(BehaviorFeatures.RECORDS_PER_DAY)).isCloseTo((10 * w100 + w103) / weight, within(1e-9));
        assertThat(v.get(BehaviorFeatures.ACTIVE_SHARE)).isCloseTo((w100 + w103) / weight, within(1e-9));
        assertThat(v.get(BehaviorFeatures.DAYS_SINCE_LAST)).isEqualTo(7);
        assertThat(v.get(BehaviorFeatures.MEAN_AMOUNT)).as("a mean of amounts, not of days").isCloseTo(30,
                within(1e-9));
    }

    @Test
    void aUserNeverSeenIsQuietForeverAndADayIsTalliedOnlyWhileOpen() {
        BehaviorFeatures f = BehaviorFeatures.fresh(0);
        f.closeThrough(500, 28);
        assertThat(f.valuesOn(501, List.of()).get(BehaviorFeatures.DAYS_SINCE_LAST)).isEqualTo(BehaviorFeatures.NEVER);
        assertThat(f.valuesOn(501, List.of()).get(BehaviorFeatures.RECORDS_PER_DAY)).isZero();
        f.tally(501, 1, -1);
        assertThatThrownBy(() -> f.tally(502, 1, -1)).hasMessageContaining("still open");
    }
}
