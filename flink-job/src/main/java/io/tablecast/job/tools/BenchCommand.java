package io.tablecast.job.tools;

import com.datastax.driver.core.Cluster;
import com.datastax.driver.core.Session;
import io.tablecast.connectors.cql.CassandraClusterBuilder;
import io.tablecast.connectors.cql.internal.CqlIdentifiers;
import io.tablecast.connectors.model.SourceRecord;
import io.tablecast.job.TransactionIngestJob;
import io.tablecast.job.config.JobConfig;
import io.tablecast.job.operators.ValidateTransaction;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;

/**
 * End-to-end throughput on the real stack, side by side with a baseline. Each run reads one topic from start to end
 * (bounded) on a local Flink and is timed from submission to completion:
 * <ol>
 *   <li>baseline: Kafka source + parse + validate into a discarding sink — the cost of reading, the ceiling;</li>
 *   <li>cold: the full job into an empty keyspace — tables created on the fly, early rows through the fallback table;</li>
 *   <li>warm: the full job again on a second topic with the same time range — tables exist: the steady state.</li>
 * </ol>
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "End-to-end events/s on the real stack: baseline (read+validate), cold and warm full job.")
final class BenchCommand implements Callable<Integer> {
    @Option(names = "--records", defaultValue = "200000", description = "Records per run (default: ${DEFAULT-VALUE}).")
    int records;

    @Option(names = "--parallelism", defaultValue = "2", description = "Job parallelism (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--cassandra-port", defaultValue = "${env:CASSANDRA_PORT:-9042}")
    int cassandraPort;

    @Override
    public Integer call() throws Exception {
        String run = "bench" + Long.toString(System.currentTimeMillis(), 36);
        TransactionGenerator.Settings s = new TransactionGenerator.Settings();
        s.span = Duration.ofHours(24);
        s.start = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(25));
        s.meanPerHour = records / 24.0 / 0.75;
        s.users = 100_000;
        s.malformedShare = 0.01;
        List<TransactionGenerator.Line> lines = new TransactionGenerator(s).generateAll();
        System.err.printf("generated %d records over 24 h%n", lines.size());
        createTopics(run + "-a", run + "-b", run + "-dlq", run + "-events");
        produce(run + "-a", lines);
        produce(run + "-b", lines);

        double baseline = timed("baseline: read + parse + validate", lines.size(), () -> baseline(config(run, "a")));
        double cold = timed("full job, cold (tables created on the fly)", lines.size(),
                () -> fullJob(config(run, "a")));
        double warm = timed("full job, warm (tables exist)", lines.size(), () -> fullJob(config(run, "b")));
        System.out.printf("%nrecords per run: %d, parallelism %d, keyspace %s%n", lines.size(), parallelism, run);
        System.out.printf("%-44s %12s %8s%n", "run", "records/s", "ratio");
        System.out.printf("%-44s %12.0f %8.2f%n", "baseline (read + validate, discard)", baseline, 1.0);
        System.out.printf("%-44s %12.0f %8.2f%n", "full job, cold", cold, cold / baseline);
        System.out.printf("%-44s %12.0f %8.2f%n", "full job, warm", warm, warm / baseline);
        cleanUp(run);
        return 0;
    }

    /** Each run makes a keyspace of some 60 tables; a cluster holds only so many, so they go again. */
    private void cleanUp(String run) throws Exception {
        try (Cluster cluster = new CassandraClusterBuilder(config(run, "a").cassandra).getCluster();
             Session session = cluster.connect()) {
            session.execute("DROP KEYSPACE IF EXISTS " + CqlIdentifiers.require(run, "keyspace"));
        }
        try (AdminClient admin = admin()) {
            admin.deleteTopics(List.of(run + "-a", run + "-b", run + "-dlq", run + "-events")).all().get();
        }
    }

    private JobConfig config(String run, String topicSuffix) {
        Map<String, String> m = new HashMap<>();
        m.put("kafka.bootstrap-servers", kafka.bootstrap);
        m.put("kafka.topic", run + "-" + topicSuffix);
        m.put("kafka.dlq-topic", run + "-dlq");
        m.put("kafka.events-topic", run + "-events");
        m.put("kafka.group-id", run + "-" + topicSuffix);
        m.put("kafka.transactional-id-prefix", run + "-" + topicSuffix);
        m.put("kafka.starting-offsets", "earliest");
        m.put("kafka.bounded", "true");
        m.put("cassandra.port", String.valueOf(cassandraPort));
        m.put("cassandra.keyspace", run);
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

    private void createTopics(String... topics) throws Exception {
        try (AdminClient admin = admin()) {
            List<NewTopic> newTopics = new ArrayList<>();
            for (String topic : topics) {
                newTopics.add(new NewTopic(topic, 4, (short) 1));
            }
            admin.createTopics(newTopics).all().get();
        }
        // Give the new partitions a moment to elect leaders before the first produce.
        Thread.sleep(2000);
    }

    private AdminClient admin() {
        return AdminClient.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap));
    }

    private void produce(String topic, List<TransactionGenerator.Line> lines) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrap);
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (TransactionGenerator.Line line : lines) {
                producer.send(new ProducerRecord<>(topic, line.json.getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
    }
}
