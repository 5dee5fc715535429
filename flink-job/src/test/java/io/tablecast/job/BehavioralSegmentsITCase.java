package io.tablecast.job;

import com.datastax.driver.core.Cluster;
import com.datastax.driver.core.Row;
import com.datastax.driver.core.Session;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tablecast.connectors.cql.CatalogEntry;
import io.tablecast.connectors.cql.SegmentHistory;
import io.tablecast.connectors.cql.TableCatalog;
import io.tablecast.connectors.model.SegmentMove;
import io.tablecast.job.config.JobConfig;
import io.tablecast.job.testing.RealStack;
import io.tablecast.job.testing.Scripts;
import io.tablecast.job.testing.TestRun;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Behavioral segments on the real stack: a user whose behavior changes moves once — not back, though its behavior
 * then wanders around the threshold — every row is stored under the segment its day was decided for, exactly once,
 * and {@code scripts/query} returns the user's whole history across both segments ({@code --history}: the move).
 */
class BehavioralSegmentsITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = TestRun.miniCluster();

    private static final String RULES = "{\"default\": \"casual\", \"hysteresis\": 0.2, \"min_days_in_segment\": 2,"
            + " \"window_days\": 7, \"rules\": [{\"segment\": \"frequent\", \"when\": {\"records_per_day\": {\"min\": 5}}}]}";
    /**
     * ann's records a day: one, then nine, then 3 and 7 by turns — a mean that wanders around the threshold of 5 but
     * within the hysteresis (stays while at least 4). Without hysteresis she would move four times (checked).
     */
    private static final int[] ANN = {1, 1, 1, 1, 1, 1, 9, 9, 9, 9, 3, 7, 3, 7, 3, 7, 3, 7, 3, 7, 3, 7, 3, 7, 3, 7};

    private final TestRun run = new TestRun("segs");
    private final ObjectMapper mapper = new ObjectMapper();

    @AfterEach
    void dropKeyspace() {
        RealStack.dropKeyspace(run.keyspace);
    }

    @Test
    void aUserWhoseBehaviorChangesMovesOnceAndQueriesFollowItAcrossSegments(@TempDir Path dir) throws Exception {
        Instant day0 = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(ANN.length + 1));
        List<String> lines = new ArrayList<>();
        for (int d = 0; d < ANN.length; d++) {
            Instant noon = day0.plus(Duration.ofDays(d)).plus(Duration.ofHours(12));
            for (int i = 0; i < ANN.length * 2; i++) {  // in time order, so no day waits long for its decision
                if (i < ANN[d]) {
                    lines.add(txn("ann", noon.plusSeconds(i * 60L)));
                }
                if (i < 1) {
                    lines.add(txn("bob", noon.plusSeconds(i * 60L + 30)));
                }
            }
        }
        lines.add(txn("bob", day0.plus(Duration.ofDays(ANN.length)).plus(Duration.ofHours(13))));  // moves time on
        RealStack.createTopics(1, run.topic, run.dlqTopic, run.eventsTopic, run.profilesTopic, run.rulesTopic);
        RealStack.produce(run.topic, lines);

        Path rules = dir.resolve("rules.json");
        Files.writeString(rules, RULES);
        Map<String, String> settings = run.jobSettings();
        settings.put("segments.rules-file", rules.toString());
        JobClient job = TransactionIngestJob.withKafkaAndCassandra(JobConfig.fromMap(settings))
                .execute(StreamExecutionEnvironment.getExecutionEnvironment());
        List<SegmentMove> annMoves;
        Map<String, String> segmentOfTxn = new HashMap<>();
        try (Cluster cluster = RealStack.cluster(); Session session = cluster.connect()) {
            RealStack.await("every record in its table", Duration.ofMinutes(4),
                    () -> RealStack.rowsByTxnId(session, run.keyspace).size() == lines.size()
                            && RealStack.fallbackRows(session, run.keyspace) == 0);
            for (CatalogEntry table : new TableCatalog(session, run.keyspace).all()) {
                for (Row row : session.execute("SELECT txn_id, segment_id FROM " + run.keyspace + "."
                        + table.tableName)) {
                    segmentOfTxn.put(row.getString("txn_id"), row.getString("segment_id"));
                }
            }
            annMoves = new SegmentHistory(session, run.keyspace).of("ann");
            assertThat(new SegmentHistory(session, run.keyspace).of("bob")).extracting(m -> m.segmentId)
                    .containsExactly("casual");
        } finally {
            job.cancel().get();
        }

        assertThat(annMoves).as("a first segment and one move, not back").hasSize(2);
        assertThat(annMoves.get(0).segmentId).isEqualTo("casual");
        assertThat(annMoves.get(0).fromMillis).isEqualTo(day0.toEpochMilli());
        SegmentMove move = annMoves.get(1);
        assertThat(move.previousSegmentId).isEqualTo("casual");
        assertThat(move.segmentId).isEqualTo("frequent");
        // Decided from the days before, with a week's weighting: after the first busy days (6 to 9), not on them.
        assertThat(Instant.ofEpochMilli(move.fromMillis)).isAfter(day0.plus(Duration.ofDays(6)))
                .isBefore(day0.plus(Duration.ofDays(11)));

        // Every row of ann under the segment in force on its day; the stored value of the record's own field
        // ("ignored") appears nowhere.
        List<JsonNode> queried = query(dir, "--from", day0.toString(), "--to",
                day0.plus(Duration.ofDays(ANN.length + 1)).toString());
        assertThat(queried).hasSize(java.util.Arrays.stream(ANN).sum());
        for (JsonNode row : queried) {
            Instant ts = Instant.parse(row.get("ts").asText());
            String expected = ts.toEpochMilli() < move.fromMillis ? "casual" : "frequent";
            assertThat(row.get("segment").asText()).as(row.toString()).isEqualTo(expected);
            assertThat(segmentOfTxn.get(row.get("txn_id").asText())).isEqualTo(expected);
        }
        assertThat(segmentOfTxn.values()).doesNotContain("ignored");
        List<JsonNode> history = query(dir, "--history");
        assertThat(history).extracting(h -> h.get("segment").asText()).containsExactly("casual", "frequent");
        assertThat(history.get(1).get("from").asText()).isEqualTo(Instant.ofEpochMilli(move.fromMillis).toString());
    }

    /**
     * Without a redeploy: a rules version from the rules topic takes effect on its day and tests a profile attribute,
     * a profile's explicit segment holds from its day, and a broken rules version goes to the dead letters with its
     * reason while the job runs on.
     */
    @Test
    void profilesAndRuleVersionsFromTheirTopicsChangeSegmentsWhileTheJobRuns(@TempDir Path dir) throws Exception {
        int days = 10;
        Instant day0 = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(days + 1));
        List<String> lines = new ArrayList<>();
        for (int d = 0; d < days; d++) {
            Instant noon = day0.plus(Duration.ofDays(d)).plus(Duration.ofHours(12));
            for (String user : List.of("zoe", "yan", "bob")) {
                lines.add(txn(user, noon.plusSeconds(user.hashCode() & 1023)));
            }
        }
        lines.add(txn("bob", day0.plus(Duration.ofDays(days)).plus(Duration.ofHours(13))));  // moves time on
        RealStack.createTopics(1, run.topic, run.dlqTopic, run.eventsTopic, run.profilesTopic, run.rulesTopic);
        Path rules = dir.resolve("rules.json");
        Files.writeString(rules, "{\"default\": \"casual\", \"rules\": []}");
        Map<String, String> settings = run.jobSettings();
        settings.put("segments.rules-file", rules.toString());
        JobClient job = TransactionIngestJob.withKafkaAndCassandra(JobConfig.fromMap(settings))
                .execute(StreamExecutionEnvironment.getExecutionEnvironment());
        Map<String, List<String>> segmentsByUser = new HashMap<>();
        List<SegmentMove> zoeMoves;
        List<SegmentMove> yanMoves;
        try (Cluster cluster = RealStack.cluster(); Session session = cluster.connect()) {
            // Published as an operator would (scripts/segments checks each before it reaches the topic) ...
            Path goldRules = Files.writeString(dir.resolve("gold.json"), "{\"default\": \"casual\","
                    + " \"min_days_in_segment\": 0, \"rules\": [{\"segment\": \"gold\","
                    + " \"when\": {\"profile.tier\": {\"in\": [\"gold\"]}}}]}");
            segments(dir, "profile", "--topic", run.profilesTopic, "--user", "zoe", "--attribute", "tier=gold",
                    "--from", day0.toString());
            segments(dir, "profile", "--topic", run.profilesTopic, "--user", "yan", "--segment", "vip",
                    "--from", day0.plus(Duration.ofDays(2)).toString());
            segments(dir, "publish-rules", "--topic", run.rulesTopic, "--file", goldRules.toString(),
                    "--from", day0.plus(Duration.ofDays(5)).toString());
            // ... and a broken version straight to the topic, as a producer that skips the check would.
            RealStack.produceKeyed(run.rulesTopic, List.<String[]>of(
                    new String[] {"rules", "{\"rules\": {\"default\": \"casual\", \"rules\": [{\"segment\": \"x\","
                            + " \"when\": {\"speed\": {\"min\": 1}}}]}}"}));
            // The broken version is the control stream's last record: once it is a dead letter, the rest was read.
            RealStack.await("the broken rules version in the dead letters", Duration.ofMinutes(2),
                    () -> !RealStack.readCommitted(run.dlqTopic).isEmpty());
            RealStack.produce(run.topic, lines);
            RealStack.await("every record in its table", Duration.ofMinutes(4),
                    () -> RealStack.rowsByTxnId(session, run.keyspace).size() == lines.size()
                            && RealStack.fallbackRows(session, run.keyspace) == 0);
            for (CatalogEntry table : new TableCatalog(session, run.keyspace).all()) {
                for (Row row : session.execute("SELECT user_id, ts, segment_id FROM " + run.keyspace + "."
                        + table.tableName)) {
                    long day = Duration.between(day0, row.getTimestamp("ts").toInstant()).toDays();
                    segmentsByUser.computeIfAbsent(row.getString("user_id"), u -> new ArrayList<>())
                            .add(day + ":" + row.getString("segment_id"));
                }
            }
            zoeMoves = new SegmentHistory(session, run.keyspace).of("zoe");
            yanMoves = new SegmentHistory(session, run.keyspace).of("yan");
        } finally {
            job.cancel().get();
        }
        List<JsonNode> deadLetters = RealStack.readCommitted(run.dlqTopic);
        assertThat(deadLetters).singleElement().satisfies(d -> {
            assertThat(d.get("reason").asText()).contains("rules[0].when.speed: unknown feature");
            assertThat(d.get("source_topic").asText()).isEqualTo(run.rulesTopic);
        });
        List<String> zoe = new ArrayList<>();
        List<String> yan = new ArrayList<>();
        for (int d = 0; d < days; d++) {
            zoe.add(d + ":" + (d < 5 ? "casual" : "gold"));
            yan.add(d + ":" + (d < 2 ? "casual" : "vip"));
        }
        assertThat(segmentsByUser.get("zoe")).containsExactlyInAnyOrderElementsOf(zoe);
        assertThat(segmentsByUser.get("yan")).containsExactlyInAnyOrderElementsOf(yan);
        assertThat(segmentsByUser.get("bob")).allSatisfy(s -> assertThat(s).endsWith(":casual"));
        assertThat(zoeMoves).extracting(m -> m.segmentId).containsExactly("casual", "gold");
        assertThat(zoeMoves.get(1).fromMillis).isEqualTo(day0.plus(Duration.ofDays(5)).toEpochMilli());
        assertThat(yanMoves).extracting(m -> m.segmentId).containsExactly("casual", "vip");
    }

    private static void segments(Path dir, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("scripts/segments"));
        command.addAll(List.of(arguments));
        Scripts.succeed(command, Map.of(), dir.resolve("segments.log"), Duration.ofMinutes(1));
    }

    /** scripts/query for ann with these options, its JSON lines. */
    private List<JsonNode> query(Path dir, String... options) throws Exception {
        List<String> command = new ArrayList<>(List.of("scripts/query", "--user", "ann", "--keyspace", run.keyspace,
                "--cassandra-port", String.valueOf(RealStack.CASSANDRA_PORT)));
        command.addAll(List.of(options));
        return Scripts.succeed(command, Map.of(), dir.resolve("query.log"), Duration.ofMinutes(2)).lines()
                .map(this::read).collect(Collectors.toList());
    }

    private String txn(String user, Instant ts) {
        ObjectNode json = mapper.createObjectNode();
        json.put("txn_id", user + "-" + ts.toEpochMilli());
        json.put("user_id", user);
        json.put("ts", ts.toString());
        json.put("amount", "20.00");
        json.put("currency", "EUR");
        json.put("type", "purchase");
        json.put("segment", "ignored");
        return json.toString();
    }

    private JsonNode read(String line) {
        try {
            return mapper.readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + line, e);
        }
    }
}
