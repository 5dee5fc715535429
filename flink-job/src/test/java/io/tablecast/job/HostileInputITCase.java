package io.tablecast.job;

import com.datastax.driver.core.Cluster;
import com.datastax.driver.core.Row;
import com.datastax.driver.core.Session;
import com.fasterxml.jackson.databind.JsonNode;
import io.tablecast.job.config.JobConfig;
import io.tablecast.job.testing.HostileCorpus;
import io.tablecast.job.testing.RealStack;
import io.tablecast.job.testing.TestRun;
import org.apache.commons.codec.digest.DigestUtils;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile input on the real Kafka broker and Cassandra server, with restarts switched off so that any exception
 * would fail the job: after the whole corpus the job must still be RUNNING, every hostile record must be in the
 * dead-letter topic exactly once with the expected reason, and every valid one stored exactly once, verbatim.
 */
class HostileInputITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = TestRun.miniCluster();

    private final TestRun run = new TestRun("hostile");
    private final String keyspace = run.keyspace;
    private final String topic = run.topic;
    private final String dlqTopic = run.dlqTopic;

    @AfterEach
    void dropKeyspace() {
        RealStack.dropKeyspace(keyspace);
    }

    @Test
    void noInputStopsTheJobAndEveryRecordEndsInItsTableOrWithItsReason() throws Exception {
        List<HostileCorpus.Entry> corpus = HostileCorpus.build(Instant.now().minus(Duration.ofMinutes(5)));
        // The transactions topic as scripts/stack makes it (broker time on every record), but taking 16 MiB records
        // so that the 10 MB payload reaches the job instead of being refused by the broker.
        RealStack.createTopic(topic, 2, Map.of("message.timestamp.type", "LogAppendTime",
                "max.message.bytes", String.valueOf(16 * 1024 * 1024)));
        RealStack.createTopics(2, dlqTopic, run.eventsTopic);
        List<String> placed = RealStack.produceRaw(topic, corpus.stream().map(e -> e.value)
                .collect(Collectors.toList()));
        Map<String, HostileCorpus.Entry> byOrigin = new HashMap<>();
        for (int i = 0; i < corpus.size(); i++) {
            byOrigin.put(placed.get(i), corpus.get(i));
        }
        long valid = corpus.stream().filter(HostileCorpus.Entry::valid).count();
        long hostile = corpus.size() - valid;

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        Configuration noRestarts = new Configuration();
        noRestarts.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        env.configure(noRestarts);
        JobConfig config = JobConfig.fromMap(run.jobSettings());
        JobClient job = TransactionIngestJob.withKafkaAndCassandra(config).execute(env);
        try (Cluster cluster = RealStack.cluster(); Session session = cluster.connect()) {
            RealStack.await("every record in its table or the dead-letter topic", Duration.ofMinutes(3),
                    () -> jobIsRunning(job) && RealStack.rowsByTxnId(session, keyspace).size() == valid
                            && RealStack.fallbackRows(session, keyspace) == 0
                            && RealStack.readCommitted(dlqTopic).size() == hostile);
            assertThat(job.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);

            List<JsonNode> letters = RealStack.readCommitted(dlqTopic);
            Set<String> letterOrigins = letters.stream()
                    .map(l -> l.get("source_partition").asInt() + "@" + l.get("source_offset").asLong())
                    .collect(Collectors.toSet());
            assertThat(letterOrigins).hasSize(letters.size());
            for (JsonNode letter : letters) {
                HostileCorpus.Entry entry = byOrigin.get(letter.get("source_partition").asInt() + "@"
                        + letter.get("source_offset").asLong());
                assertThat(entry).as("source of dead letter %s", letter.get("reason")).isNotNull();
                assertThat(entry.valid()).as("%s is valid, yet dead-lettered", entry.name).isFalse();
                assertThat(letter.get("reason").asText()).as(entry.name).contains(entry.reasonFragment);
                assertThat(letter.toString().length()).as(entry.name).isLessThan(512 * 1024);
                if (entry.value != null && entry.value.length > 1_000_000) {
                    assertThat(letter.get("raw_truncated").asBoolean()).isTrue();
                    assertThat(letter.get("raw_length").asInt()).isEqualTo(entry.value.length);
                    assertThat(letter.get("raw_sha256").asText()).isEqualTo(DigestUtils.sha256Hex(entry.value));
                }
            }

            Map<String, String> stored = RealStack.rowsByTxnId(session, keyspace);
            assertThat(stored.keySet()).isEqualTo(corpus.stream().filter(HostileCorpus.Entry::valid)
                    .map(e -> e.txnId).collect(Collectors.toSet()));
            Row injected = session.execute("SELECT user_id, merchant, type FROM " + keyspace + "."
                    + stored.get(HostileCorpus.INJECTION) + " WHERE segment_id = 'default' AND user_id = ?",
                    HostileCorpus.INJECTION).one();
            assertThat(injected.getString("merchant")).isEqualTo(HostileCorpus.INJECTION);
            assertThat(injected.getString("type")).isEqualTo(HostileCorpus.INJECTION);
        } finally {
            if (!job.getJobStatus().get().isGloballyTerminalState()) {
                job.cancel().get();
            }
        }
    }

    private static boolean jobIsRunning(JobClient job) {
        try {
            JobStatus status = job.getJobStatus().get();
            if (status.isGloballyTerminalState()) {
                throw new AssertionError("the job stopped: " + status);
            }
            return status == JobStatus.RUNNING;
        } catch (InterruptedException | java.util.concurrent.ExecutionException e) {
            throw new AssertionError("cannot read the job status", e);
        }
    }
}
