package io.tablecast.job.tools;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LatencySampleTest {
    @Test
    void percentilesAreNearestRankOverEverySample() {
        LatencySample sample = new LatencySample();
        for (int i = 2000; i >= 1; i--) {  // out of order, and past the first array's capacity
            sample.add(i);
        }
        assertThat(sample.count()).isEqualTo(2000);
        assertThat(sample.percentile(0.5)).isEqualTo(1000);
        assertThat(sample.percentile(0.99)).isEqualTo(1980);
        assertThat(sample.percentile(1)).isEqualTo(2000);
        assertThat(sample.percentile(0)).isEqualTo(1);
        sample.add(5000);  // added after a percentile was read: sorted again
        assertThat(sample.percentile(1)).isEqualTo(5000);
    }

    @Test
    void anEmptySampleHasNoPercentiles() {
        assertThatThrownBy(() -> new LatencySample().percentile(0.99)).isInstanceOf(IllegalStateException.class);
    }
}
