package io.tablecast.connectors.cql.internal;

import io.tablecast.connectors.cql.HotShardThresholds;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.Meter;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.ThreadSafeSimpleCounter;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The load on each window table as this sink subtask writes it, under {@code table.<name>}: {@code rows},
 * {@code bytes} (the row's encoded field sizes, an estimate of what it adds to the table), {@code rowsPerSecond}
 * (over the last minute) and {@code writeLatencyMillis} (each write's time to acknowledgement, last
 * {@value #LATENCY_SAMPLES}). A table is hot while its rate or its 99th-percentile latency is over the thresholds:
 * {@code hot} per table, {@code hotTables} in all (both judged when read), and a warning when a table turns hot
 * (judged by its writes, at most once a second).
 */
public final class TableLoadMonitor {
    private static final Logger LOG = LoggerFactory.getLogger(TableLoadMonitor.class);
    static final int LATENCY_SAMPLES = 512;
    /** Fewer acknowledged writes than this say nothing about a table's p99. */
    static final int MIN_SAMPLES_FOR_P99 = 100;
    /**
     * How often a write looks at whether its table turned hot: the p99 sorts the latency window, too much work for
     * every acknowledgement on the driver's I/O thread.
     */
    private static final long JUDGE_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final MetricGroup tables;
    private final HotShardThresholds thresholds;
    private final Map<String, TableLoad> byTable = new ConcurrentHashMap<>();

    public TableLoadMonitor(MetricGroup parent, HotShardThresholds thresholds) {
        this.tables = parent.addGroup("table");
        this.thresholds = thresholds;
        parent.gauge("hotTables", () -> (int) byTable.values().stream().filter(TableLoad::hot).count());
    }

    /** One row acknowledged by the table: its estimated size and how long the write took. */
    public void written(String table, long bytes, long latencyNanos) {
        TableLoad load = byTable.computeIfAbsent(table, this::register);
        load.rows.inc();
        load.bytes.inc(bytes);
        load.latencyMillis.update(TimeUnit.NANOSECONDS.toMillis(latencyNanos));
        long now = System.nanoTime();
        if (now - load.judgedAt < JUDGE_EVERY_NANOS) {
            return;
        }
        load.judgedAt = now;
        boolean hot = load.hot();
        if (hot && !load.reportedHot) {
            LOG.warn("table {} is hot: {} rows/s (threshold {}), p99 write latency {} ms (threshold {} ms)", table,
                    Math.round(load.rate.getRate()), thresholds.rowsPerSecond(), load.p99Millis(),
                    thresholds.writeP99().toMillis());
        }
        load.reportedHot = hot;
    }

    public int tablesWatched() {
        return byTable.size();
    }

    private TableLoad register(String table) {
        MetricGroup group = tables.addGroup(table);
        TableLoad load = new TableLoad(thresholds, System.nanoTime() - JUDGE_EVERY_NANOS);
        load.rows = group.counter("rows", new ThreadSafeSimpleCounter());
        load.bytes = group.counter("bytes", new ThreadSafeSimpleCounter());
        load.rate = group.meter("rowsPerSecond", new MeterView(load.rows, 60));
        load.latencyMillis = group.histogram("writeLatencyMillis", new DescriptiveStatisticsHistogram(LATENCY_SAMPLES));
        group.gauge("hot", () -> load.hot() ? 1 : 0);
        return load;
    }

    private static final class TableLoad {
        private final HotShardThresholds thresholds;
        Counter rows;
        Counter bytes;
        Meter rate;
        Histogram latencyMillis;
        volatile boolean reportedHot;
        volatile long judgedAt;

        TableLoad(HotShardThresholds thresholds, long judgedAt) {
            this.thresholds = thresholds;
            this.judgedAt = judgedAt;
        }

        long p99Millis() {
            return Math.round(latencyMillis.getStatistics().getQuantile(0.99));
        }

        boolean hot() {
            return rate.getRate() > thresholds.rowsPerSecond()
                    || (latencyMillis.getCount() >= MIN_SAMPLES_FOR_P99
                        && p99Millis() > thresholds.writeP99().toMillis());
        }
    }
}
