package io.tablecast.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tablecast.job.testing.Scripts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault-injection suite: {@code scripts/chaos} on the real servers and a real Flink cluster (its own
 * JobManager and TaskManager processes, so that a SIGKILL is a real one). 10 days of traffic, ~306k records, flow
 * through the job while the TaskManager is killed three times, the broker is killed, and Cassandra is killed and kept
 * down a minute; then every record must be in a window table or in the dead-letter topic (read_committed) exactly
 * once. The same records as a backfill without faults must need no restart at all.
 */
class FaultInjectionITCase {
    private static boolean clusterWasRunning;

    @BeforeAll
    static void noteTheFlinkCluster() throws Exception {
        clusterWasRunning = run(List.of("scripts/flink-cluster", "status"), Path.of("target", "flink-status.log"))
                .contains("taskmanager: running");
    }

    @AfterAll
    static void leaveTheFlinkClusterAsFound() throws Exception {
        if (!clusterWasRunning) {
            run(List.of("scripts/flink-cluster", "down"), Path.of("target", "flink-down.log"));
        }
    }

    @Test
    void everyRecordLandsExactlyOnceThroughTaskManagerCassandraAndBrokerKills() throws Exception {
        JsonNode summary = chaos("all");
        assertThat(summary.path("taskmanager_kills").asInt()).isEqualTo(3);
        assertThat(summary.path("cassandra_kills").asInt()).isEqualTo(1);
        assertThat(summary.path("cassandra_down_seconds").asInt()).isGreaterThanOrEqualTo(60);
        assertThat(summary.path("broker_kills").asInt()).isEqualTo(1);
        assertThat(summary.path("faults_during_replay").asBoolean()).as("the last fault came before every record"
                + " was committed").isTrue();
        // Each TaskManager kill costs the job a restart: fewer would mean a kill missed the running job.
        assertThat(summary.path("restarts").asInt()).isGreaterThanOrEqualTo(3);
        assertExactlyOnce(summary.path("audit"));
    }

    @Test
    void aTenDayBackfillRunsWithoutARestart() throws Exception {
        JsonNode summary = chaos("none");
        assertThat(summary.path("restarts").asInt()).isZero();
        assertThat(summary.path("job_state").asText()).isEqualTo("RUNNING");
        assertExactlyOnce(summary.path("audit"));
    }

    private static void assertExactlyOnce(JsonNode audit) {
        assertThat(audit.path("source_records").asLong()).isGreaterThanOrEqualTo(300_000);
        assertThat(audit.path("missing").asLong()).isZero();
        assertThat(audit.path("in_both").asLong()).isZero();
        assertThat(audit.path("stored_more_than_once").asLong()).isZero();
        assertThat(audit.path("dead_lettered_more_than_once").asLong()).isZero();
        assertThat(audit.path("stored").asLong() + audit.path("dead_lettered").asLong())
                .isEqualTo(audit.path("source_records").asLong());
        // About 2 % of the generated records are malformed on purpose: the dead-letter side is exercised too.
        assertThat(audit.path("dead_lettered").asLong()).isGreaterThan(audit.path("source_records").asLong() / 100);
        assertThat(audit.path("exactly_once").asBoolean()).isTrue();
    }

    private static JsonNode chaos(String faults) throws Exception {
        Path log = Path.of("target", "chaos-" + faults + ".log");
        String out = run(List.of("scripts/chaos", "--faults", faults), log);
        String[] lines = out.strip().split("\n");
        String last = lines[lines.length - 1];
        assertThat(last).as("scripts/chaos printed no summary; see %s", log.toAbsolutePath()).startsWith("{");
        return new ObjectMapper().readTree(last);
    }

    private static String run(List<String> command, Path log) throws Exception {
        return Scripts.run(command, Map.of(), log, Duration.ofMinutes(40)).stdout;
    }
}
