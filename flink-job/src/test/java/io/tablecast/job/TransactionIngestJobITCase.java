package io.tablecast.job;

import com.datastax.driver.core.Cluster;
import com.datastax.driver.core.Row;
import com.datastax.driver.core.Session;
import com.fasterxml.jackson.databind.JsonNode;
import io.tablecast.connectors.cql.CatalogEntry;
import io.tablecast.connectors.cql.QueryRouter;
import io.tablecast.connectors.cql.TableCatalog;
import io.tablecast.connectors.model.TablePlan;
import io.tablecast.job.config.JobConfig;
import io.tablecast.job.testing.RealStack;
import io.tablecast.job.testing.TestRun;
import io.tablecast.job.tools.TransactionGenerator;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole path on the real Kafka broker and Cassandra server: generated records, some malformed, go through the
 * job on a MiniCluster; every valid one must land exactly once in the table its segment and window call for, every
 * malformed one in the dead-letter topic with a reason, and the query router must read back what a scan finds.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TransactionIngestJobITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = TestRun.miniCluster();

    private final TestRun run = new TestRun("ingest");
    private final String keyspace = run.keyspace;
    private final String topic = run.topic;
    private final String dlqTopic = run.dlqTopic;

    private List<TransactionGenerator.Line> lines;
    private Instant start;
    private Instant end;

    @BeforeAll
    void runJobToCompletion() throws Exception {
        TransactionGenerator.Settings s = new TransactionGenerator.Settings();
        start = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(50));
        s.start = start;
        s.span = Duration.ofHours(48);
        end = start.plus(s.span);
        s.meanPerHour = 60;
        s.users = 200;
        s.segments = List.of("retail", "premium", "High-Value");
        s.malformedShare = 0.05;
        s.seed = 7;
        lines = new TransactionGenerator(s).generateAll();

        RealStack.createTopics(2, topic, dlqTopic, run.eventsTopic);
        RealStack.produce(topic, lines.stream().map(l -> l.json).collect(Collectors.toList()));

        JobConfig config = JobConfig.fromMap(run.jobSettings());
        JobClient job = TransactionIngestJob.withKafkaAndCassandra(config)
                .execute(StreamExecutionEnvironment.getExecutionEnvironment());

        long valid = lines.stream().filter(l -> !l.malformed).count();
        long invalid = lines.size() - valid;
        try (Cluster cluster = RealStack.cluster(); Session session = cluster.connect()) {
            RealStack.await("all rows in their tables and all dead letters committed", Duration.ofMinutes(4),
                    () -> RealStack.rowsByTxnId(session, keyspace).size() == valid
                            && RealStack.fallbackRows(session, keyspace) == 0
                            && deadLetters().size() == invalid
                            && forecastSegments(session).containsAll(s.segments)
                            && RealStack.everyStoredSegmentIsInTheCatalog(session, keyspace));
        } finally {
            job.cancel().get();
        }
    }

    @AfterAll
    void dropKeyspace() {
        RealStack.dropKeyspace(keyspace);
    }

    private List<JsonNode> deadLetters() {
        return RealStack.readCommitted(dlqTopic);
    }

    @Test
    void everyValidRecordLandsExactlyOnceInTheTableOfItsSegmentAndWindow() {
        try (Cluster cluster = RealStack.cluster(); Session session = cluster.connect()) {
            Map<String, String> tableOf = RealStack.rowsByTxnId(session, keyspace);
            Map<String, CatalogEntry> catalog = new TableCatalog(session, keyspace).all().stream()
                    .collect(Collectors.toMap(e -> e.tableName, e -> e));
            Set<String> expected = new HashSet<>();
            for (TransactionGenerator.Line line : lines) {
                if (line.malformed) {
                    continue;
                }
                expected.add(line.txnId);
                JsonNode json = read(line.json);
                CatalogEntry table = catalog.get(tableOf.get(line.txnId));
                assertThat(table).as("catalog entry of the table holding %s", line.txnId).isNotNull();
                String segment = json.has("segment") ? json.get("segment").asText() : "default";
                assertThat(table.segmentIds).as("segments of %s", table.tableName).contains(segment);
                Instant ts = Instant.parse(json.get("ts").asText());
                assertThat(ts).isBetween(table.windowStart, table.windowEnd.minusMillis(1));
            }
            assertThat(tableOf.keySet()).isEqualTo(expected);
            assertThat(RealStack.fallbackRows(session, keyspace)).isZero();
        }
    }

    @Test
    void everyMalformedRecordIsDeadLetteredOnceWithItsReasonAndOrigin() {
        List<JsonNode> letters = deadLetters();
        Set<String> expectedRaw = lines.stream().filter(l -> l.malformed).map(l -> l.json)
                .collect(Collectors.toSet());
        assertThat(letters.stream().map(l -> l.get("raw_text").asText()).collect(Collectors.toList()))
                .containsExactlyInAnyOrderElementsOf(expectedRaw);
        assertThat(letters).allSatisfy(l -> {
            assertThat(l.get("reason").asText()).isNotBlank();
            assertThat(l.get("source_topic").asText()).isEqualTo(topic);
        });
        Set<String> origins = letters.stream()
                .map(l -> l.get("source_partition").asInt() + "@" + l.get("source_offset").asLong())
                .collect(Collectors.toSet());
        assertThat(origins).hasSize(letters.size());
        assertThat(letters).anySatisfy(l -> assertThat(l.get("reason").asText()).contains("ahead of the wall clock"));
        assertThat(letters).anySatisfy(l -> assertThat(l.get("reason").asText()).contains("segment"));
    }

    private Set<String> forecastSegments(Session session) {
        return session.execute("SELECT DISTINCT segment_id FROM " + keyspace + ".forecasts").all().stream()
                .map(r -> r.getString("segment_id")).collect(Collectors.toSet());
    }

    @Test
    void everySegmentGetsHourlyForecastsFromItsOwnCounts() {
        try (Cluster cluster = RealStack.cluster(); Session session = cluster.connect()) {
            for (String segment : List.of("retail", "premium", "High-Value")) {
                List<Row> rows = session.execute("SELECT issued_hour, target_hour, point, upper FROM " + keyspace
                        + ".forecasts WHERE segment_id = ?", segment).all();
                assertThat(rows).as(segment).isNotEmpty();
                Row latest = rows.get(0);  // issued_hour DESC
                Instant issued = latest.getTimestamp("issued_hour").toInstant();
                assertThat(issued).as("issued after hours of %s were seen", segment).isAfter(start)
                        .isBeforeOrEqualTo(end.plus(Duration.ofHours(1)));
                assertThat(rows.stream().filter(r -> r.getTimestamp("issued_hour").toInstant().equals(issued)))
                        .as("a forecast covers a week").hasSize(168)
                        .allSatisfy(r -> assertThat(r.getDouble("upper")).isGreaterThanOrEqualTo(r.getDouble("point"))
                                .isFinite());
                long seen = lines.stream().filter(l -> !l.malformed && segment.equals(segmentOf(l))).count();
                double hourlyMean = seen / (double) Duration.between(start, end).toHours();
                double forecastMean = rows.stream().filter(r -> r.getTimestamp("issued_hour").toInstant()
                        .equals(issued)).mapToDouble(r -> r.getDouble("point")).average().orElseThrow();
                assertThat(forecastMean).as("mean hourly forecast of %s against %.1f seen an hour", segment,
                        hourlyMean).isBetween(hourlyMean * 0.3, hourlyMean * 3);
            }
        }
    }

    @Test
    void windowsAfterTheFirstArePlannedFromForecastsWithSmallSegmentsPacked() {
        try (Cluster cluster = RealStack.cluster(); Session session = cluster.connect()) {
            List<CatalogEntry> entries = new TableCatalog(session, keyspace).all();
            // The first day had no forecast by its decision time: its records went to its shared table.
            Instant firstDay = start.truncatedTo(ChronoUnit.DAYS);
            assertThat(entries).filteredOn(e -> e.windowStart.equals(firstDay))
                    .extracting(e -> e.reason).containsOnly(TablePlan.SHARED);
            // Later days: every segment (a few hundred rows a day each, far below a table's capacity) in one pack.
            List<CatalogEntry> packs = entries.stream().filter(e -> TablePlan.PACKED.equals(e.reason))
                    .collect(Collectors.toList());
            assertThat(packs).isNotEmpty().allSatisfy(p -> {
                assertThat(p.windowStart).isAfter(firstDay);
                assertThat(p.segmentIds).containsAll(List.of("retail", "premium", "High-Value"));
                assertThat(p.plannedRows).isPositive();
            });
            Map<Instant, Long> tablesPerWindow = entries.stream()
                    .collect(Collectors.groupingBy(e -> e.windowStart, Collectors.counting()));
            assertThat(tablesPerWindow.values()).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(20));
        }
    }

    private static String segmentOf(TransactionGenerator.Line line) {
        JsonNode json = read(line.json);
        return json.has("segment") ? json.get("segment").asText() : "default";
    }

    @Test
    void inputEqualsWrittenPlusDeadLettered() {
        try (Cluster cluster = RealStack.cluster(); Session session = cluster.connect()) {
            int written = RealStack.rowsByTxnId(session, keyspace).size();
            assertThat(written + deadLetters().size()).isEqualTo(lines.size());
        }
    }

    @Test
    void everyCatalogEntryNamesATableThatExists() {
        try (Cluster cluster = RealStack.cluster(); Session session = cluster.connect()) {
            List<CatalogEntry> entries = new TableCatalog(session, keyspace).all();
            assertThat(entries).isNotEmpty();
            for (CatalogEntry e : entries) {
                assertThat(cluster.getMetadata().getKeyspace(keyspace).getTable(e.tableName))
                        .as("table %s", e.tableName).isNotNull();
            }
        }
    }

    @Test
    void queryRouterReturnsWhatADirectScanFinds() {
        Map<String, Long> activity = lines.stream().filter(l -> !l.malformed)
                .collect(Collectors.groupingBy(l -> read(l.json).get("user_id").asText(), Collectors.counting()));
        List<String> users = activity.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(5)
                .map(Map.Entry::getKey).collect(Collectors.toList());
        Instant from = start.plus(Duration.ofHours(5));
        Instant to = end.minus(Duration.ofHours(3));
        try (Cluster cluster = RealStack.cluster(); Session session = cluster.connect()) {
            QueryRouter router = new QueryRouter(session, keyspace);
            for (String user : users) {
                List<String> routed = router.query(user, from.toEpochMilli(), to.toEpochMilli()).stream()
                        .map(t -> t.txnId).collect(Collectors.toList());
                List<String> scanned = scan(session, user, from, to);
                assertThat(routed).as("user %s", user).isNotEmpty().isEqualTo(scanned);
            }
        }
    }

    @Test
    void scriptsQueryPrintsWhatADirectScanFinds() throws Exception {
        String user = "u1";
        Instant from = start;
        Instant to = end;
        Path repo = Path.of("..").toAbsolutePath().normalize();
        ProcessBuilder command = new ProcessBuilder(repo.resolve("scripts/query").toString(), "--user", user,
                "--from", from.toString(), "--to", to.toString(), "--keyspace", keyspace,
                "--cassandra-port", String.valueOf(RealStack.CASSANDRA_PORT))
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        command.environment().put("TABLECAST_SKIP_BUILD", "1");
        Process query = command.start();
        List<String> printed;
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(query.getInputStream(), StandardCharsets.UTF_8))) {
            printed = out.lines().map(line -> read(line).get("txn_id").asText()).collect(Collectors.toList());
        }
        assertThat(query.waitFor()).isZero();
        try (Cluster cluster = RealStack.cluster(); Session session = cluster.connect()) {
            assertThat(printed).isNotEmpty().isEqualTo(scan(session, user, from, to));
        }
    }

    /** Every row of every table in the keyspace, filtered and ordered here: the router's answer without routing. */
    private List<String> scan(Session session, String user, Instant from, Instant to) {
        List<StoredRow> rows = new ArrayList<>();
        for (CatalogEntry table : new TableCatalog(session, keyspace).all()) {
            for (Row row : session.execute("SELECT user_id, ts, txn_id FROM " + keyspace + "." + table.tableName)) {
                Instant ts = row.getTimestamp("ts").toInstant();
                if (row.getString("user_id").equals(user) && !ts.isBefore(from) && ts.isBefore(to)) {
                    rows.add(new StoredRow(ts, row.getString("txn_id")));
                }
            }
        }
        rows.sort(Comparator.comparing((StoredRow r) -> r.ts).thenComparing(r -> r.txnId));
        return rows.stream().map(r -> r.txnId).collect(Collectors.toList());
    }

    private static final class StoredRow {
        final Instant ts;
        final String txnId;

        StoredRow(Instant ts, String txnId) {
            this.ts = ts;
            this.txnId = txnId;
        }
    }

    private static JsonNode read(String json) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
