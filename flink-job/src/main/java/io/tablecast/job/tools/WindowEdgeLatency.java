package io.tablecast.job.tools;

import com.datastax.driver.core.Cluster;
import com.datastax.driver.core.ResultSet;
import com.datastax.driver.core.Row;
import com.datastax.driver.core.Session;
import com.datastax.driver.core.SimpleStatement;
import io.tablecast.connectors.cql.CassandraClusterBuilder;
import io.tablecast.connectors.cql.CatalogEntry;
import io.tablecast.connectors.cql.TableCatalog;
import io.tablecast.connectors.cql.internal.CqlIdentifiers;
import io.tablecast.connectors.cql.internal.SchemaStatements;
import io.tablecast.job.TransactionIngestJob;
import io.tablecast.job.config.JobConfig;
import io.tablecast.job.routing.TimeWindows;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Write latency at the start of a table window against its middle, with live traffic. Records are produced at a
 * steady rate, each stamped with the wall clock as it is sent; a row's latency is its {@code WRITETIME} in its home
 * table minus that stamp. A record that waited for its table to be created, or went through the fallback table and
 * was moved home later, so shows as late. Windows are minutes long so one run crosses several window starts; the
 * first is measured only once the job has run for a while, since a job's own start is not a window's.
 */
final class WindowEdgeLatency {
    private static final long MINUTE = 60_000;
    /** How long after the job is submitted the first measured window may begin: the job's start is over by then. */
    private static final long SETTLE_MILLIS = 90_000;

    /** The figures of one scenario. */
    static final class Result {
        final String label;
        final LatencySample firstMinute = new LatencySample();
        final LatencySample midWindow = new LatencySample();
        long sent;
        long found;

        Result(String label) {
            this.label = label;
        }
    }

    private final Map<String, String> base;
    private final BenchTopics topics;
    private final String run;
    private final Duration window;
    private final int windows;
    private final double ratePerSecond;

    /**
     * @param base settings every scenario shares (brokers, CQL port, parallelism, dead-letter and events topics)
     * @param windows how many whole windows are measured
     */
    WindowEdgeLatency(Map<String, String> base, BenchTopics topics, String run, Duration window, int windows,
                      double ratePerSecond) {
        if (window.toMillis() < 3 * MINUTE) {
            throw new IllegalArgumentException("window " + window + ": at least 3 minutes, so that its first minute"
                    + " and the minute around its middle do not overlap");
        }
        this.base = base;
        this.topics = topics;
        this.run = run;
        this.window = window;
        this.windows = windows;
        this.ratePerSecond = ratePerSecond;
    }

    /** Runs the job with {@code overrides} on a topic and keyspace of its own, then measures and drops them. */
    Result run(String name, String label, Map<String, String> overrides) throws Exception {
        String topic = run + "-live-" + name;
        topics.create(topic);
        Map<String, String> m = new HashMap<>(base);
        m.put("kafka.topic", topic);
        m.put("kafka.group-id", topic);
        m.put("kafka.transactional-id-prefix", topic);
        m.put("kafka.starting-offsets", "earliest");
        m.put("cassandra.keyspace", CqlIdentifiers.require(run + name, "keyspace"));
        m.put("tables.window", window.toMinutes() + "min");
        m.putAll(overrides);
        JobConfig config = JobConfig.fromMap(m);
        TimeWindows timeWindows = new TimeWindows(window);

        System.err.printf("live run '%s': starting the job%n", label);
        JobClient job = TransactionIngestJob.withKafkaAndCassandra(config)
                .execute(StreamExecutionEnvironment.getExecutionEnvironment());
        long firstWindow = timeWindows.intervalId(System.currentTimeMillis() + SETTLE_MILLIS) + 1;
        long lastWindow = firstWindow + windows - 1;
        try (Cluster cluster = new CassandraClusterBuilder(config.cassandra).getCluster();
             Session session = cluster.connect()) {
            try {
                long sent = produceUntil(topic, timeWindows.endMillis(lastWindow), timeWindows, firstWindow);
                System.err.printf("live run '%s': %d records in the measured windows, waiting for their rows%n",
                        label, sent);
                for (int attempt = 1; ; attempt++) {
                    Thread.sleep(10_000);
                    Result result = new Result(label);
                    result.sent = sent;
                    scan(session, config.cassandra.keyspace(), timeWindows, firstWindow, lastWindow, result);
                    if (result.found >= sent || attempt == 6) {
                        return result;
                    }
                }
            } finally {
                job.cancel().get();
                session.execute(SchemaStatements.dropKeyspace(config.cassandra.keyspace()));
            }
        }
    }

    /**
     * Sends records stamped with the clock at a steady rate until {@code endMillis}; returns how many fell in the
     * measured windows.
     */
    private long produceUntil(String topic, long endMillis, TimeWindows timeWindows, long firstWindow) {
        TransactionGenerator.Settings s = new TransactionGenerator.Settings();
        s.users = 100_000;
        s.malformedShare = 0;
        TransactionGenerator generator = new TransactionGenerator(s);
        long measured = 0;
        long sent = 0;
        long started = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer = topics.producer()) {
            long now;
            while ((now = System.currentTimeMillis()) < endMillis) {
                long due = (long) ((System.nanoTime() - started) / 1e9 * ratePerSecond);
                for (; sent < due; sent++) {
                    long ts = System.currentTimeMillis();
                    producer.send(new ProducerRecord<>(topic,
                            generator.lineAt(ts).json.getBytes(StandardCharsets.UTF_8)));
                    if (timeWindows.intervalId(ts) >= firstWindow && ts < endMillis) {
                        measured++;
                    }
                }
                sleepQuietly(Math.min(5, endMillis - now));
            }
            producer.flush();
        }
        return measured;
    }

    /** Adds every row of the measured windows to {@code into}: its count, and its latency by place in its window. */
    private static void scan(Session session, String keyspace, TimeWindows timeWindows, long firstWindow,
                             long lastWindow, Result into) {
        long length = timeWindows.lengthMillis();
        for (CatalogEntry table : new TableCatalog(session, keyspace).all()) {
            SimpleStatement select = new SimpleStatement("SELECT ts, WRITETIME(amount) FROM " + keyspace + "."
                    + CqlIdentifiers.require(table.tableName, "table"));
            select.setFetchSize(5000);
            ResultSet rows = session.execute(select);
            for (Row row : rows) {
                long ts = row.getTimestamp(0).getTime();
                long windowId = timeWindows.intervalId(ts);
                if (windowId < firstWindow || windowId > lastWindow) {
                    continue;
                }
                into.found++;
                long latency = row.getLong(1) / 1000 - ts;
                long offset = ts - timeWindows.startMillis(windowId);
                if (offset < MINUTE) {
                    into.firstMinute.add(latency);
                } else if (Math.abs(offset - length / 2) < MINUTE / 2) {
                    into.midWindow.add(latency);
                }
            }
        }
    }

    private static void sleepQuietly(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while producing", e);
        }
    }
}
