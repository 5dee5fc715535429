package io.tablecast.job.testing;

import io.tablecast.job.TransactionIngestJob;
import io.tablecast.job.config.JobConfig;
import io.tablecast.job.tools.TransactionGenerator;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Writes the savepoint that {@code SavepointUpgradeITCase} restores: the job as it is at the commit that runs this,
 * fed two days of generated records under fixed names, stopped with a canonical savepoint into
 * {@code src/test/resources/savepoints/<name>}. Run it once per state layout worth keeping, with the stack up:
 * <pre>
 * mvn -q install -DskipTests && cd flink-job
 * mvn -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/tmp/cp.txt
 * java --add-opens=java.base/java.util=ALL-UNNAMED (and the rest of the pom's jdk17.opens) \
 *     -cp target/test-classes:target/classes:$(cat /tmp/cp.txt) io.tablecast.job.testing.SavepointFixture \
 *     src/test/resources/savepoints/NAME
 * </pre>
 * (Maven's exec:java runs it in Maven's class loader, where Flink cannot find its own classes.)
 */
public final class SavepointFixture {
    public static final String TOPIC = "txn-savepoint-fixture";
    public static final String DLQ_TOPIC = "dlq-savepoint-fixture";
    public static final String EVENTS_TOPIC = "events-savepoint-fixture";
    public static final String KEYSPACE = "it_savepoint_fixture";
    public static final String RUN = "savepoint-fixture";
    /** The fixture's records are fixed in time, so it stays valid as the calendar moves on. */
    public static final Instant FIRST_DAY = Instant.parse("2026-11-20T00:00:00Z");

    private SavepointFixture() {}

    /** The job's settings for the fixture and for its restore: same names, so every operator's state maps back. */
    public static Map<String, String> jobSettings() {
        Map<String, String> m = new TestRun("unused").jobSettings();
        m.put("kafka.topic", TOPIC);
        m.put("kafka.dlq-topic", DLQ_TOPIC);
        m.put("kafka.events-topic", EVENTS_TOPIC);
        m.put("kafka.group-id", RUN);
        m.put("kafka.transactional-id-prefix", RUN);
        m.put("cassandra.keyspace", KEYSPACE);
        m.put("validation.retention", "3650d");  // the records are from 2026-11; the restore runs later
        return m;
    }

    /** Days [first, first + days) of generated traffic for three segments and the default. */
    public static List<TransactionGenerator.Line> traffic(Instant first, int days, long seed) {
        TransactionGenerator.Settings s = new TransactionGenerator.Settings();
        s.start = first;
        s.span = Duration.ofDays(days);
        s.meanPerHour = 40;
        s.users = 100;
        s.malformedShare = 0.02;
        s.seed = seed;
        return new TransactionGenerator(s).generateAll();
    }

    public static void main(String[] args) throws Exception {
        Path target = Path.of(args.length > 0 ? args[0] : "flink-job/src/test/resources/savepoints/v0.1-schedule");
        RealStack.dropKeyspace(KEYSPACE);
        RealStack.deleteTopics(TOPIC, DLQ_TOPIC, EVENTS_TOPIC);
        RealStack.createTopics(2, TOPIC, DLQ_TOPIC, EVENTS_TOPIC);
        List<TransactionGenerator.Line> lines = traffic(FIRST_DAY, 2, 1);
        RealStack.produceRoundRobin(TOPIC, lines.stream().map(l -> l.json).collect(Collectors.toList()), 2);
        long valid = lines.stream().filter(l -> !l.malformed).count();

        JobConfig config = JobConfig.fromMap(jobSettings());
        JobClient job = TransactionIngestJob.withKafkaAndCassandra(config)
                .execute(StreamExecutionEnvironment.getExecutionEnvironment());
        try (var cluster = RealStack.cluster(); var session = cluster.connect()) {
            RealStack.await("the fixture's records stored", Duration.ofMinutes(3),
                    () -> RealStack.rowsByTxnId(session, KEYSPACE).size() == valid);
        }
        Files.createDirectories(target);
        String savepoint = job.stopWithSavepoint(false, target.toUri().toString(), SavepointFormatType.CANONICAL)
                .get();
        System.out.println("savepoint written to " + savepoint);
    }
}
