package io.tablecast.connectors.model;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MovedRangesTest {
    /** (10, 20] and a range across the top of the ring: (MAX - 5, MIN + 5]. */
    private static final MovedRanges RANGES = new MovedRanges(new long[] {10, Long.MAX_VALUE - 5},
            new long[] {20, Long.MIN_VALUE + 5});

    @Test
    void aRangeHoldsItsEndNotItsStartAndMayWrapPastTheTopOfTheRing() {
        assertThat(RANGES.indexOf(10)).isEqualTo(-1);
        assertThat(RANGES.indexOf(11)).isZero();
        assertThat(RANGES.indexOf(20)).isZero();
        assertThat(RANGES.indexOf(21)).isEqualTo(-1);
        assertThat(RANGES.indexOf(Long.MAX_VALUE)).isEqualTo(1);
        assertThat(RANGES.indexOf(Long.MIN_VALUE)).isEqualTo(1);
        assertThat(RANGES.indexOf(Long.MIN_VALUE + 5)).isEqualTo(1);
        assertThat(RANGES.indexOf(Long.MIN_VALUE + 6)).isEqualTo(-1);
        assertThat(RANGES.contains(15)).isTrue();
        assertThat(RANGES.contains(0)).isFalse();
        assertThat(RANGES.size()).isEqualTo(2);
        assertThatThrownBy(() -> new MovedRanges(new long[] {1}, new long[0])).hasMessageContaining("a start for every end");
    }
}
