package io.tablecast.job;

import com.datastax.driver.core.Cluster;
import com.datastax.driver.core.Row;
import com.datastax.driver.core.Session;
import io.tablecast.job.config.JobConfig;
import io.tablecast.job.testing.RealStack;
import io.tablecast.job.testing.SavepointFixture;
import io.tablecast.job.testing.TestRun;
import io.tablecast.job.tools.TransactionGenerator;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A savepoint written by an earlier version of the job (committed under {@code src/test/resources/savepoints}, see
 * {@link SavepointFixture}) restores into this one with every operator's state mapped (no state may be dropped), and
 * the job goes on from where that version stopped: it reads only what came after, its forecasters remember the days
 * before (a fresh one would issue flat-mean forecasts for a day), and the tables its restored plans name are created
 * again on a cluster that has never seen them.
 */
class SavepointUpgradeITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = TestRun.miniCluster();

    @AfterEach
    void dropKeyspace() {
        RealStack.dropKeyspace(SavepointFixture.KEYSPACE);
    }

    @Test
    void theLastVersionsSavepointRestoresAndTheJobGoesOnFromIt() throws Exception {
        Path savepoint = onlySavepointIn("savepoints/v0.1-schedule");
        RealStack.dropKeyspace(SavepointFixture.KEYSPACE);
        RealStack.deleteTopics(SavepointFixture.TOPIC, SavepointFixture.DLQ_TOPIC, SavepointFixture.EVENTS_TOPIC);
        RealStack.createTopics(2, SavepointFixture.TOPIC, SavepointFixture.DLQ_TOPIC,
                SavepointFixture.EVENTS_TOPIC);
        // The same two days the fixture's job read, in the same partitions, then a third day it never saw.
        List<TransactionGenerator.Line> before = SavepointFixture.traffic(SavepointFixture.FIRST_DAY, 2, 1);
        Instant thirdDay = SavepointFixture.FIRST_DAY.plus(Duration.ofDays(2));
        List<TransactionGenerator.Line> after = SavepointFixture.traffic(thirdDay, 1, 2);
        List<String> all = new ArrayList<>();
        before.forEach(l -> all.add(l.json));
        after.forEach(l -> all.add(l.json));
        RealStack.produceRoundRobin(SavepointFixture.TOPIC, all, 2);

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        TransactionIngestJob job = TransactionIngestJob.withKafkaAndCassandra(
                JobConfig.fromMap(SavepointFixture.jobSettings()));
        job.configure(env);
        job.build(env);
        StreamGraph graph = env.getStreamGraph();
        graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(savepoint.toString(), false));
        JobClient client = env.executeAsync(graph);
        Set<String> expected = after.stream().filter(l -> !l.malformed).map(l -> l.txnId).collect(Collectors.toSet());
        try (Cluster cluster = RealStack.cluster(); Session session = cluster.connect()) {
            RealStack.await("the third day stored", Duration.ofMinutes(3),
                    () -> RealStack.rowsByTxnId(session, SavepointFixture.KEYSPACE).size() >= expected.size()
                            && RealStack.fallbackRows(session, SavepointFixture.KEYSPACE) == 0);
            assertThat(client.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
            // Only the third day: the restored offsets skip what the earlier version had read (ids of both
            // generators overlap only if they collide, which the set comparison would show).
            assertThat(RealStack.rowsByTxnId(session, SavepointFixture.KEYSPACE).keySet()).isEqualTo(expected);

            List<Row> forecasts = session.execute("SELECT segment_id, issued_hour, model FROM "
                    + SavepointFixture.KEYSPACE + ".forecasts").all();
            Instant earlyInDayThree = thirdDay.plus(Duration.ofHours(6));
            List<Row> early = forecasts.stream()
                    .filter(r -> r.getTimestamp("issued_hour").toInstant().isBefore(earlyInDayThree))
                    .collect(Collectors.toList());
            assertThat(early).as("forecasts issued in the third day's first hours").isNotEmpty()
                    .allSatisfy(r -> assertThat(r.getString("model")).as(r.getString("segment_id"))
                            .isNotEqualTo("flat-mean"));
        } finally {
            if (!client.getJobStatus().get().isGloballyTerminalState()) {
                client.cancel().get();
            }
        }
    }

    private static Path onlySavepointIn(String resource) throws IOException, URISyntaxException {
        Path dir = new File(SavepointUpgradeITCase.class.getClassLoader().getResource(resource).toURI()).toPath();
        try (Stream<Path> entries = Files.list(dir)) {
            List<Path> savepoints = entries.filter(Files::isDirectory).collect(Collectors.toList());
            assertThat(savepoints).as("savepoints in " + dir).hasSize(1);
            return savepoints.get(0);
        }
    }
}
