package io.tablecast.connectors.cql;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PremakeHealthTest {
    private static final long HOUR = 3_600_000L;
    private static final long NOW = 1000 * HOUR;

    @Test
    void reportsTheLiveSegmentThatReachesLeastFarAhead() {
        PremakeHealth health = new PremakeHealth();
        assertThat(health.minHoursAhead(NOW)).isEqualTo(-1);
        health.created("retail", NOW + 10 * HOUR);
        health.created("retail", NOW + 58 * HOUR);
        health.created("premium", NOW + 34 * HOUR);
        health.created("backfill-only", NOW - 500 * HOUR);
        assertThat(health.minHoursAhead(NOW)).isEqualTo(34);
        assertThat(health.liveSegments(NOW)).isEqualTo(2);
        assertThat(health.minHoursAhead(NOW + 40 * HOUR)).isEqualTo(18);
        assertThat(health.liveSegments(NOW + 40 * HOUR)).isEqualTo(1);
    }
}
