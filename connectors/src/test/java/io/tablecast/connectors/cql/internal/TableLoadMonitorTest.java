package io.tablecast.connectors.cql.internal;

import io.tablecast.connectors.cql.HotShardThresholds;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.metrics.testutils.MetricListener;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class TableLoadMonitorTest {
    private final MetricListener metrics = new MetricListener();

    private Object gauge(String... path) {
        return metrics.<Object>getGauge(path).map(Gauge::getValue).orElseThrow();
    }

    @Test
    void countsRowsBytesAndLatencyPerTable() {
        TableLoadMonitor monitor = new TableLoadMonitor(metrics.getMetricGroup(),
                new HotShardThresholds(1_000_000, Duration.ofSeconds(1)));
        monitor.written("tx_a", 100, TimeUnit.MILLISECONDS.toNanos(3));
        monitor.written("tx_a", 120, TimeUnit.MILLISECONDS.toNanos(5));
        monitor.written("tx_b", 90, TimeUnit.MILLISECONDS.toNanos(7));
        assertThat(metrics.getCounter("table", "tx_a", "rows").map(Counter::getCount)).contains(2L);
        assertThat(metrics.getCounter("table", "tx_a", "bytes").map(Counter::getCount)).contains(220L);
        Histogram latency = metrics.getHistogram("table", "tx_a", "writeLatencyMillis").orElseThrow();
        assertThat(latency.getStatistics().getMax()).isEqualTo(5);
        assertThat(monitor.tablesWatched()).isEqualTo(2);
        assertThat(gauge("hotTables")).isEqualTo(0);
    }

    @Test
    void aTableIsHotWhileItsP99IsOverTheThresholdOnceThereAreEnoughWrites() {
        TableLoadMonitor monitor = new TableLoadMonitor(metrics.getMetricGroup(),
                new HotShardThresholds(1_000_000, Duration.ofMillis(50)));
        for (int i = 0; i < TableLoadMonitor.MIN_SAMPLES_FOR_P99 - 1; i++) {
            monitor.written("tx_slow", 100, TimeUnit.MILLISECONDS.toNanos(80));
            monitor.written("tx_fast", 100, TimeUnit.MILLISECONDS.toNanos(2));
        }
        assertThat(gauge("hotTables")).as("too few writes to judge").isEqualTo(0);
        monitor.written("tx_slow", 100, TimeUnit.MILLISECONDS.toNanos(80));
        monitor.written("tx_fast", 100, TimeUnit.MILLISECONDS.toNanos(2));
        assertThat(gauge("table", "tx_slow", "hot")).isEqualTo(1);
        assertThat(gauge("table", "tx_fast", "hot")).isEqualTo(0);
        assertThat(gauge("hotTables")).isEqualTo(1);
        // Fast writes push the slow ones out of the last 512: no longer hot.
        for (int i = 0; i < TableLoadMonitor.LATENCY_SAMPLES; i++) {
            monitor.written("tx_slow", 100, TimeUnit.MILLISECONDS.toNanos(2));
        }
        assertThat(gauge("hotTables")).isEqualTo(0);
    }

    @Test
    void aTableIsHotWhileItTakesMoreRowsASecondThanTheThreshold() {
        TableLoadMonitor monitor = new TableLoadMonitor(metrics.getMetricGroup(),
                new HotShardThresholds(10, Duration.ofSeconds(1)));
        for (int i = 0; i < 1200; i++) {
            monitor.written("tx_busy", 100, 1_000_000);
        }
        for (int i = 0; i < 300; i++) {
            monitor.written("tx_quiet", 100, 1_000_000);
        }
        // Flink updates meters every 5 s; a rate is the count over the last minute of those updates.
        ((MeterView) metrics.getMeter("table", "tx_busy", "rowsPerSecond").orElseThrow()).update();
        ((MeterView) metrics.getMeter("table", "tx_quiet", "rowsPerSecond").orElseThrow()).update();
        assertThat(gauge("table", "tx_busy", "hot")).as("1200 rows in a minute: 20/s").isEqualTo(1);
        assertThat(gauge("table", "tx_quiet", "hot")).as("300 rows in a minute: 5/s").isEqualTo(0);
    }
}
