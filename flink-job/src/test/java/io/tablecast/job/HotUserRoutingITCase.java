package io.tablecast.job;

import com.datastax.driver.core.Cluster;
import com.datastax.driver.core.Session;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tablecast.connectors.cql.CatalogEntry;
import io.tablecast.connectors.cql.TableCatalog;
import io.tablecast.connectors.model.TablePlan;
import io.tablecast.job.config.JobConfig;
import io.tablecast.job.testing.RealStack;
import io.tablecast.job.testing.TestRun;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A user who is most of a busy segment, on the real stack: on the first day its minutes land whole on one shard
 * each; from the day after, the schedule has seen its busy hours and names it hot, and each of its minutes is spread
 * over the segment's shards, while everyone else's minutes stay together. Every record exactly once throughout.
 */
class HotUserRoutingITCase {
    @RegisterExtension
    static final MiniClusterExtension FLINK = TestRun.miniCluster();

    private static final int WHALE_PER_MINUTE = 10;
    private static final int MINNOWS = 20;
    private static final int MINNOW_PER_HOUR = 10;

    private final TestRun run = new TestRun("hot");
    private final ObjectMapper mapper = new ObjectMapper();

    @AfterEach
    void dropKeyspace() {
        RealStack.dropKeyspace(run.keyspace);
    }

    @Test
    void aHotUsersMinutesAreSpreadOverTheShardsOnceThePlanNamesIt() throws Exception {
        Instant day1 = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofDays(2));
        Instant day2 = day1.plus(Duration.ofDays(1));
        List<String> lines = new ArrayList<>();
        Map<String, String> userOf = new HashMap<>();
        Map<String, Long> minuteOf = new HashMap<>();
        for (int hour = 0; hour < 48; hour++) {
            Instant h = day1.plus(Duration.ofHours(hour));
            for (int minute = 0; minute < 60; minute++) {
                for (int i = 0; i < WHALE_PER_MINUTE; i++) {
                    add(lines, userOf, minuteOf, "whale", h.plusSeconds(minute * 60L + i * 5L));
                }
            }
            for (int m = 0; m < MINNOWS; m++) {  // each minnow's records of an hour within one minute
                for (int i = 0; i < MINNOW_PER_HOUR; i++) {
                    add(lines, userOf, minuteOf, "minnow" + m, h.plusSeconds(m * 60L + i));
                }
            }
        }
        RealStack.createTopics(2, run.topic, run.dlqTopic, run.eventsTopic);
        RealStack.produce(run.topic, lines);

        Map<String, String> settings = run.jobSettings();
        // 800 records an hour, ~19 k a day: four shards of 3 000 rows. A key may hold 0.05 % of a shard's rows, so
        // the whale's 10 a minute needs buckets; a minnow's 10 an hour is under the report floor (12 an hour).
        settings.put("tables.rows-per-table", "3000");
        settings.put("tables.shards-per-segment", "4");
        settings.put("tables.hot-key-share", "0.0005");
        JobClient job = TransactionIngestJob.withKafkaAndCassandra(JobConfig.fromMap(settings))
                .execute(StreamExecutionEnvironment.getExecutionEnvironment());
        Map<String, String> tableOf;
        try (Cluster cluster = RealStack.cluster(); Session session = cluster.connect()) {
            RealStack.await("every record in its table", Duration.ofMinutes(4),
                    () -> RealStack.rowsByTxnId(session, run.keyspace).size() == lines.size()
                            && RealStack.fallbackRows(session, run.keyspace) == 0);
            tableOf = RealStack.rowsByTxnId(session, run.keyspace);
            List<CatalogEntry> day2Shards = new TableCatalog(session, run.keyspace).all().stream()
                    .filter(e -> e.windowStart.equals(day2) && TablePlan.DEDICATED.equals(e.reason))
                    .collect(Collectors.toList());
            assertThat(day2Shards).as("the busy segment's own shards on day 2").hasSize(4);
        } finally {
            job.cancel().get();
        }
        assertThat(tableOf).hasSize(lines.size());

        // (user, minute) → the tables its records went to
        Map<String, Set<String>> tablesByUserMinute = new HashMap<>();
        tableOf.forEach((txn, table) -> tablesByUserMinute.computeIfAbsent(userOf.get(txn) + "@" + minuteOf.get(txn),
                k -> new HashSet<>()).add(table));
        long day2Minute = day2.toEpochMilli() / 60_000;
        Map<Boolean, List<Integer>> whaleSpread = tablesByUserMinute.entrySet().stream()
                .filter(e -> e.getKey().startsWith("whale@"))
                .collect(Collectors.partitioningBy(e -> Long.parseLong(e.getKey().substring(6)) >= day2Minute,
                        Collectors.mapping(e -> e.getValue().size(), Collectors.toList())));
        assertThat(whaleSpread.get(false)).as("day 1: not hot yet, a minute on one table").containsOnly(1);
        assertThat(whaleSpread.get(true).stream().mapToInt(Integer::intValue).average().orElse(0))
                .as("day 2: hot, a minute over several shards").isGreaterThan(2.0);
        assertThat(tablesByUserMinute.entrySet()).filteredOn(e -> e.getKey().startsWith("minnow"))
                .as("everyone else's minute together").allSatisfy(e -> assertThat(e.getValue()).hasSize(1));
    }

    private void add(List<String> lines, Map<String, String> userOf, Map<String, Long> minuteOf, String user,
                     Instant ts) {
        String txn = user + "-" + ts.toEpochMilli();
        ObjectNode json = mapper.createObjectNode();
        json.put("txn_id", txn);
        json.put("user_id", user);
        json.put("ts", ts.toString());
        json.put("amount", "12.50");
        json.put("currency", "EUR");
        json.put("type", "purchase");
        json.put("segment", "retail");
        lines.add(json.toString());
        userOf.put(txn, user);
        minuteOf.put(txn, ts.toEpochMilli() / 60_000);
    }
}
