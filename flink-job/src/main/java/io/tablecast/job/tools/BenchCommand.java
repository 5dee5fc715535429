package io.tablecast.job.tools;

import com.datastax.driver.core.Cluster;
import com.datastax.driver.core.Session;
import io.tablecast.connectors.cql.CassandraClusterBuilder;
import io.tablecast.connectors.cql.SchemaBootstrap;
import io.tablecast.connectors.cql.internal.CqlIdentifiers;
import io.tablecast.connectors.cql.internal.SchemaStatements;
import io.tablecast.connectors.model.SourceRecord;
import io.tablecast.job.TransactionIngestJob;
import io.tablecast.job.config.JobConfig;
import io.tablecast.job.operators.ValidateTransaction;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * End-to-end figures on the real stack, each side by side with its baseline in one run.
 *
 * <p>Throughput: each run reads one topic from start to end (bounded) on a local Flink, timed from submission to
 * completion:
 * <ol>
 *   <li>baseline: Kafka source + parse + validate into a discarding sink — the cost of reading, the ceiling;</li>
 *   <li>cold: the full job into a keyspace without window tables (its catalog, fallback and forecast tables are made
 *       first and timed apart: they are made once per keyspace, not per window);</li>
 *   <li>warm: the full job again on a second topic with the same time range — tables exist: the steady state.</li>
 * </ol>
 *
 * <p>Window-edge latency ({@link WindowEdgeLatency}): live traffic across several short windows, p99 write latency in
 * each window's first minute against its middle, with the schedule as configured and with create-on-demand (a
 * window's tables decided when its first records arrive, nothing made ahead) as the baseline.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "End-to-end figures on the real stack: events/s (baseline, cold, warm) and window-edge latency"
                + " (schedule against create-on-demand).")
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--records", defaultValue = "200000",
            description = "Records per throughput run; 0 skips them (default: ${DEFAULT-VALUE}).")
    int records;

    @Option(names = "--parallelism", defaultValue = "2", description = "Job parallelism (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(names = "--rounds", defaultValue = "3",
            description = "Rounds of cold and warm runs; the median ratio is reported (default: ${DEFAULT-VALUE}).")
    int rounds;

    @Option(names = "--latency-windows", defaultValue = "3",
            description = "Windows measured per latency scenario; 0 skips the latency runs (default: ${DEFAULT-VALUE}).")
    int latencyWindows;

    @Option(names = "--latency-window-minutes", defaultValue = "3",
            description = "Table window of the latency runs in minutes, at least 3 (default: ${DEFAULT-VALUE}).")
    int latencyWindowMinutes;

    @Option(names = "--latency-rate", defaultValue = "300",
            description = "Records per second of the live traffic (default: ${DEFAULT-VALUE}).")
    double latencyRate;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--cassandra-port", defaultValue = "${env:CASSANDRA_PORT:-9042}")
    int cassandraPort;

    /** Names this run's topics and keyspaces. */
    private String run;

    @Override
    public Integer call() throws Exception {
        run = "bench" + Long.toString(System.currentTimeMillis(), 36);
        try (BenchTopics topics = new BenchTopics(kafka.bootstrap)) {
            topics.create(run + "-dlq", run + "-events");
            if (records > 0) {
                throughput(topics);
            }
            if (latencyWindows > 0) {
                windowEdgeLatency(topics);
            }
        }
        return 0;
    }

    private void throughput(BenchTopics topics) throws Exception {
        TransactionGenerator.Settings s = new TransactionGenerator.Settings();
        s.span = Duration.ofHours(24);
        s.start = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(25));
        s.meanPerHour = records / 24.0 / 0.75;
        s.users = 100_000;
        s.malformedShare = 0.01;
        List<TransactionGenerator.Line> lines = new TransactionGenerator(s).generateAll();
        // The warm run writes other records (same shape and time range) into the tables the cold run made: the same
        // keys again would only overwrite rows still in the memtables, cheaper than real new traffic.
        s.seed++;
        List<TransactionGenerator.Line> others = new TransactionGenerator(s).generateAll();
        System.err.printf("generated %d and %d records over 24 h%n", lines.size(), others.size());
        topics.create(run + "-a", run + "-b", run + "-c");
        produce(topics, run + "-a", lines);
        produce(topics, run + "-b", others);
        produce(topics, run + "-c", lines);

        double baseline = timed("baseline: read + parse + validate", lines.size(),
                () -> baseline(config(run + "-a", run + "-base", run)));
        // The first full run in a JVM also loads and compiles the job's code; a TaskManager does that once in its
        // life, not per window. So one run into a keyspace of its own goes first, and cold follows it.
        JobConfig firstRun = config(run + "-c", run + "-c", run + "jit");
        double first = timed("full job, first in this JVM (own keyspace)", lines.size(), () -> fullJob(firstRun));
        dropKeyspace(firstRun);
        // Cold and warm take 15-30 s each here and another process's burst moves one by seconds: rounds, median.
        double[] cold = new double[rounds];
        double[] warm = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            String keyspace = run + "r" + r;
            JobConfig coldRun = config(run + "-a", run + "-a" + r, keyspace);
            JobConfig warmRun = config(run + "-b", run + "-b" + r, keyspace);
            timed("keyspace, catalog, fallback and forecast tables", 1,
                    () -> SchemaBootstrap.ensureBaseSchema(coldRun.cassandra));
            cold[r] = timed("round " + (r + 1) + ": full job, cold (no window tables)", lines.size(),
                    () -> fullJob(coldRun));
            warm[r] = timed("round " + (r + 1) + ": full job, warm (tables exist)", others.size(),
                    () -> fullJob(warmRun));
            dropKeyspace(coldRun);
        }
        System.out.printf("%nthroughput: %d records per run, parallelism %d, %d rounds of cold and warm%n",
                lines.size(), parallelism, rounds);
        System.out.printf("%-44s %12s %8s%n", "run", "records/s", "ratio");
        System.out.printf("%-44s %12.0f %8.2f%n", "baseline (read + validate, discard)", baseline, 1.0);
        System.out.printf("%-44s %12.0f %8.2f%n", "full job, first in this JVM", first, first / baseline);
        double[] ratios = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            System.out.printf("%-44s %12.0f %8.2f%n", "round " + (r + 1) + ": full job, cold", cold[r],
                    cold[r] / baseline);
            System.out.printf("%-44s %12.0f %8.2f%n", "round " + (r + 1) + ": full job, warm", warm[r],
                    warm[r] / baseline);
            ratios[r] = cold[r] / warm[r];
        }
        System.out.printf("cold / warm by round: %s; median %.2f%n", Arrays.toString(Arrays.stream(ratios)
                .map(x -> Math.round(x * 100) / 100.0).toArray()), median(ratios));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private void windowEdgeLatency(BenchTopics topics) throws Exception {
        Map<String, String> base = new HashMap<>();
        base.put("kafka.bootstrap-servers", kafka.bootstrap);
        base.put("kafka.dlq-topic", run + "-dlq");
        base.put("kafka.events-topic", run + "-events");
        base.put("cassandra.port", String.valueOf(cassandraPort));
        base.put("job.parallelism", String.valueOf(parallelism));
        WindowEdgeLatency bench = new WindowEdgeLatency(base, topics, run, Duration.ofMinutes(latencyWindowMinutes),
                latencyWindows, latencyRate);
        List<WindowEdgeLatency.Result> results = List.of(
                bench.run("sched", "schedule (defaults)", Map.of()),
                // Decided the moment the window's first records move event time past its start, shared table
                // included (the clock's premake runs once, at the job's start): what creating on demand costs.
                bench.run("ondemand", "create-on-demand (baseline)", Map.of("tables.plan-lead", "1ms",
                        "tables.premake-windows", "0", "tables.premake-interval", "3650d")));
        System.out.printf("%nwindow-edge write latency: live %.0f records/s, %d windows of %d min each, parallelism %d;"
                        + " ms from a record's time to its row's WRITETIME in its table%n", latencyRate,
                latencyWindows, latencyWindowMinutes, parallelism);
        System.out.printf("%-30s %15s | %21s | %21s | %9s%n", "", "", "first minute", "mid-window", "p99 first");
        System.out.printf("%-30s %15s | %6s %6s %7s | %6s %6s %7s | %9s%n", "run", "rows found/sent", "p50", "p99",
                "max", "p50", "p99", "max", "÷ mid");
        for (WindowEdgeLatency.Result r : results) {
            System.out.printf("%-30s %15s | %6d %6d %7d | %6d %6d %7d | %9.2f%n", r.label, r.found + "/" + r.sent,
                    r.firstMinute.percentile(0.5), r.firstMinute.percentile(0.99), r.firstMinute.percentile(1),
                    r.midWindow.percentile(0.5), r.midWindow.percentile(0.99), r.midWindow.percentile(1),
                    r.firstMinute.percentile(0.99) / (double) r.midWindow.percentile(0.99));
        }
    }

    /** Each run makes a keyspace of tables; a cluster holds only so many, so they go again. */
    private void dropKeyspace(JobConfig config) {
        try (Cluster cluster = new CassandraClusterBuilder(config.cassandra).getCluster();
             Session session = cluster.connect()) {
            session.execute(SchemaStatements.dropKeyspace(config.cassandra.keyspace()));
        }
    }

    /** A bounded run reading {@code topic} from its start as consumer group {@code group} into {@code keyspace}. */
    private JobConfig config(String topic, String group, String keyspace) {
        Map<String, String> m = new HashMap<>();
        m.put("kafka.bootstrap-servers", kafka.bootstrap);
        m.put("kafka.topic", topic);
        m.put("kafka.dlq-topic", run + "-dlq");
        m.put("kafka.events-topic", run + "-events");
        m.put("kafka.group-id", group);
        m.put("kafka.transactional-id-prefix", group);
        m.put("kafka.starting-offsets", "earliest");
        m.put("kafka.bounded", "true");
        m.put("cassandra.port", String.valueOf(cassandraPort));
        m.put("cassandra.keyspace", CqlIdentifiers.require(keyspace, "keyspace"));
        m.put("job.parallelism", String.valueOf(parallelism));
        return JobConfig.fromMap(m);
    }

    private static void baseline(JobConfig config) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(config.parallelism);
        env.fromSource(TransactionIngestJob.kafkaSource(config), WatermarkStrategy.<SourceRecord>noWatermarks(),
                        "transactions").uid("source").name("transactions")
                .process(new ValidateTransaction()).uid("validate").name("validate")
                .sinkTo(new DiscardingSink<>()).uid("discard").name("discard");
        env.execute("bench-baseline");
    }

    private static void fullJob(JobConfig config) throws Exception {
        JobClient job = TransactionIngestJob.withKafkaAndCassandra(config)
                .execute(StreamExecutionEnvironment.getExecutionEnvironment());
        job.getJobExecutionResult().get();
    }

    private interface Run {
        void run() throws Exception;
    }

    private static double timed(String label, int n, Run run) throws Exception {
        System.err.println("running " + label);
        long started = System.nanoTime();
        run.run();
        double seconds = (System.nanoTime() - started) / 1e9;
        System.err.printf("%s: %.1f s%n", label, seconds);
        return n / seconds;
    }

    private static void produce(BenchTopics topics, String topic, List<TransactionGenerator.Line> lines) {
        try (KafkaProducer<byte[], byte[]> producer = topics.producer()) {
            for (TransactionGenerator.Line line : lines) {
                producer.send(new ProducerRecord<>(topic, line.json.getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
    }
}
