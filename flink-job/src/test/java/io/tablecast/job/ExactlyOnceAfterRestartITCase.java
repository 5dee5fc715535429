package io.tablecast.job;

import com.datastax.driver.core.Cluster;
import com.datastax.driver.core.Session;
import com.fasterxml.jackson.databind.JsonNode;
import io.tablecast.job.config.JobConfig;
import io.tablecast.job.testing.RealStack;
import io.tablecast.job.testing.TestRun;
import io.tablecast.job.tools.TransactionGenerator;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job is stopped in the middle of a stream that keeps flowing, then started again from its last retained
 * checkpoint. Records processed after that checkpoint are read and written a second time; the tables and the
 * dead-letter topic must still hold each record exactly once.
 */
class ExactlyOnceAfterRestartITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = TestRun.miniCluster();

    private final TestRun run = new TestRun("restart");
    private final String keyspace = run.keyspace;
    private final String topic = run.topic;
    private final String dlqTopic = run.dlqTopic;

    @AfterEach
    void dropKeyspace() {
        RealStack.dropKeyspace(keyspace);
    }

    @Test
    void restartedFromItsLastCheckpointTheJobStillWritesEveryRecordExactlyOnce(@TempDir Path checkpoints)
            throws Exception {
        TransactionGenerator.Settings s = new TransactionGenerator.Settings();
        s.start = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(30));
        s.span = Duration.ofHours(28);
        s.meanPerHour = 150;
        s.users = 300;
        s.malformedShare = 0.05;
        s.seed = 11;
        List<TransactionGenerator.Line> lines = new TransactionGenerator(s).generateAll();
        long valid = lines.stream().filter(l -> !l.malformed).count();
        long invalid = lines.size() - valid;

        RealStack.createTopics(2, topic, dlqTopic, run.eventsTopic);
        Map<String, String> placement = new ConcurrentHashMap<>();
        // Paced so that producing takes about a minute: the job is stopped while the stream still flows.
        int perSecond = Math.max(1, lines.size() / 60);
        CompletableFuture<Void> producing = CompletableFuture.runAsync(() -> RealStack.produce(topic,
                lines.stream().map(l -> l.json).collect(Collectors.toList()), perSecond, placement::put));

        Map<String, String> settings = run.jobSettings();
        settings.put("checkpoint.dir", checkpoints.toUri().toString());
        JobConfig config = JobConfig.fromMap(settings);

        JobClient first = TransactionIngestJob.withKafkaAndCassandra(config)
                .execute(StreamExecutionEnvironment.getExecutionEnvironment());
        try (Cluster cluster = RealStack.cluster(); Session session = cluster.connect()) {
            RealStack.await("a retained checkpoint and rows written", Duration.ofMinutes(3),
                    () -> latestCheckpoint(checkpoints).isPresent() && storedRows(session) >= lines.size() / 4);
            first.cancel().get();
            assertThat(producing).as("the stream must still be flowing when the job is stopped").isNotDone();

            long storedAtStop = storedRows(session);
            long coveredByCommittedOffsets = validLinesBefore(RealStack.committedOffsets(run.id), lines, placement);
            assertThat(storedAtStop)
                    .as("rows written after the last committed offsets, which the restarted job reads again")
                    .isGreaterThan(coveredByCommittedOffsets);

            Path checkpoint = latestCheckpoint(checkpoints).orElseThrow();
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            TransactionIngestJob job = TransactionIngestJob.withKafkaAndCassandra(config);
            job.configure(env);
            job.build(env);
            StreamGraph graph = env.getStreamGraph();
            graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(checkpoint.toString()));
            JobClient second = env.executeAsync(graph);
            try {
                producing.get();
                RealStack.await("every record stored or dead-lettered", Duration.ofMinutes(4),
                        () -> RealStack.rowsByTxnId(session, keyspace).size() == valid
                                && RealStack.fallbackRows(session, keyspace) == 0
                                && deadLetters().size() == invalid);
            } finally {
                second.cancel().get();
            }

            Set<String> expectedIds = lines.stream().filter(l -> !l.malformed).map(l -> l.txnId)
                    .collect(Collectors.toSet());
            // rowsByTxnId fails on any id stored twice.
            assertThat(RealStack.rowsByTxnId(session, keyspace).keySet()).isEqualTo(expectedIds);
            assertThat(deadLetters().stream().map(l -> l.get("raw_text").asText()).collect(Collectors.toList()))
                    .containsExactlyInAnyOrderElementsOf(
                            lines.stream().filter(l -> l.malformed).map(l -> l.json).collect(Collectors.toList()));
        }
    }

    private long storedRows(Session session) {
        return RealStack.rowsByTxnId(session, keyspace).size() + RealStack.fallbackRows(session, keyspace);
    }

    private static long validLinesBefore(Map<Integer, Long> committed, List<TransactionGenerator.Line> lines,
                                         Map<String, String> placement) {
        return lines.stream().filter(l -> !l.malformed && placement.containsKey(l.json)).filter(l -> {
            String[] where = placement.get(l.json).split("@");
            return Long.parseLong(where[1]) < committed.getOrDefault(Integer.parseInt(where[0]), 0L);
        }).count();
    }

    private List<JsonNode> deadLetters() {
        return RealStack.readCommitted(dlqTopic);
    }

    /** The newest completed checkpoint: a chk-N folder holding its _metadata. */
    private static Optional<Path> latestCheckpoint(Path root) {
        try (Stream<Path> found = Files.find(root, 3, (p, a) -> p.getFileName().toString().equals("_metadata")
                && p.getParent().getFileName().toString().startsWith("chk-"))) {
            return found.map(Path::getParent)
                    .max(Comparator.comparingLong(p -> Long.parseLong(p.getFileName().toString().substring(4))));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
