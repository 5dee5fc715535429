package io.tablecast.job.testing;

import com.datastax.driver.core.Cluster;
import com.datastax.driver.core.Row;
import com.datastax.driver.core.Session;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tablecast.connectors.cql.CassandraClusterBuilder;
import io.tablecast.connectors.cql.CassandraSettings;
import io.tablecast.connectors.cql.CatalogEntry;
import io.tablecast.connectors.cql.TableCatalog;
import io.tablecast.connectors.cql.TableNames;
import io.tablecast.connectors.cql.internal.SchemaStatements;
import io.tablecast.job.tools.TopicReader;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;

/**
 * The real Kafka broker and Cassandra server that scripts/stack started, as integration tests reach them. Ports
 * follow the same environment variables as the script.
 */
public final class RealStack {
    public static final String KAFKA = "127.0.0.1:" + env("KAFKA_PORT", "9092");
    public static final String CASSANDRA_HOST = "127.0.0.1";
    public static final int CASSANDRA_PORT = Integer.parseInt(env("CASSANDRA_PORT", "9042"));

    private static final ObjectMapper JSON = new ObjectMapper();

    private RealStack() {}

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isEmpty() ? fallback : v;
    }

    public static void createTopics(int partitions, String... topics) throws Exception {
        try (AdminClient admin = AdminClient.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA))) {
            List<NewTopic> newTopics = new ArrayList<>();
            for (String t : topics) {
                newTopics.add(new NewTopic(t, partitions, (short) 1));
            }
            admin.createTopics(newTopics).all().get();
            // A producer that writes before every partition has a leader can stall on NOT_LEADER followed by
            // endless OUT_OF_ORDER_SEQUENCE_NUMBER retries (kafka-clients 3.4 against a 4.x broker).
            await("leaders for " + List.of(topics), Duration.ofSeconds(30), () -> {
                try {
                    return admin.describeTopics(List.of(topics)).allTopicNames().get().values().stream()
                            .allMatch(d -> d.partitions().stream().allMatch(p -> p.leader() != null));
                } catch (Exception e) {
                    return false;
                }
            });
        }
    }

    /** Deletes the topics that exist among these and waits until the broker no longer lists them. */
    public static void deleteTopics(String... topics) throws Exception {
        try (AdminClient admin = AdminClient.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA))) {
            List<String> present = new ArrayList<>(admin.listTopics().names().get());
            present.retainAll(List.of(topics));
            if (!present.isEmpty()) {
                admin.deleteTopics(present).all().get();
            }
            await("topics " + present + " gone", Duration.ofSeconds(30), () -> {
                try {
                    return admin.listTopics().names().get().stream().noneMatch(present::contains);
                } catch (Exception e) {
                    return false;
                }
            });
        }
    }

    /** Creates one topic with the given topic-level settings and waits for its partitions' leaders. */
    public static void createTopic(String topic, int partitions, Map<String, String> settings) throws Exception {
        try (AdminClient admin = AdminClient.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1).configs(settings))).all().get();
            await("leaders for " + topic, Duration.ofSeconds(30), () -> {
                try {
                    return admin.describeTopics(List.of(topic)).allTopicNames().get().values().stream()
                            .allMatch(d -> d.partitions().stream().allMatch(p -> p.leader() != null));
                } catch (Exception e) {
                    return false;
                }
            });
        }
    }

    /**
     * Produces the values as they are (null: a tombstone) in order, records of up to 16 MiB, returning where each
     * landed as "partition@offset".
     */
    public static List<String> produceRaw(String topic, List<byte[]> values) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        props.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, String.valueOf(16 * 1024 * 1024));
        props.put(ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(64 * 1024 * 1024));
        List<String> placed = new ArrayList<>();
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (byte[] value : values) {
                var md = producer.send(new ProducerRecord<>(topic, value)).get();
                placed.add(md.partition() + "@" + md.offset());
            }
        }
        return placed;
    }

    /** Produces each [key, value] in order (a null value: a tombstone), as UTF-8. */
    public static void produceKeyed(String topic, List<String[]> records) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (String[] r : records) {
                producer.send(new ProducerRecord<>(topic, r[0] == null ? null : r[0].getBytes(StandardCharsets.UTF_8),
                        r[1] == null ? null : r[1].getBytes(StandardCharsets.UTF_8))).get();
            }
        }
    }

    /** Produces line i to partition i mod {@code partitions}: the same lines always give the same partitions. */
    public static void produceRoundRobin(String topic, List<String> lines, int partitions) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < lines.size(); i++) {
                producer.send(new ProducerRecord<>(topic, i % partitions, null,
                        lines.get(i).getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
    }

    public static void produce(String topic, List<String> lines) {
        produce(topic, lines, 0, (line, where) -> { });
    }

    /**
     * Produces the lines in order, at most {@code perSecond} a second (0: no limit), telling {@code placed} where
     * each one landed as "partition@offset".
     */
    public static void produce(String topic, List<String> lines, int perSecond, BiConsumer<String, String> placed) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        long started = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                producer.send(new ProducerRecord<>(topic, line.getBytes(StandardCharsets.UTF_8)), (md, e) -> {
                    if (e == null) {
                        placed.accept(line, md.partition() + "@" + md.offset());
                    }
                });
                if (perSecond > 0) {
                    long due = started + (i + 1) * 1_000_000_000L / perSecond;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                }
            }
            producer.flush();
        }
    }

    /** The offsets the consumer group committed, by partition. */
    public static Map<Integer, Long> committedOffsets(String group) throws Exception {
        try (AdminClient admin = AdminClient.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA))) {
            Map<Integer, Long> offsets = new HashMap<>();
            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
                    .forEach((tp, om) -> offsets.put(tp.partition(), om.offset()));
            return offsets;
        }
    }

    /** Every committed record of the topic, as a read_committed consumer sees it, parsed as JSON. */
    public static List<JsonNode> readCommitted(String topic) {
        List<JsonNode> out = new ArrayList<>();
        TopicReader.readAll(KAFKA, topic, "read_committed", r -> out.add(readJson(r.value())));
        return out;
    }

    private static JsonNode readJson(byte[] value) {
        try {
            return JSON.readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static CassandraSettings cassandra(String keyspace) {
        return CassandraSettings.local(CASSANDRA_HOST, CASSANDRA_PORT, keyspace);
    }

    public static Cluster cluster() {
        return new CassandraClusterBuilder(cassandra("system")).getCluster();
    }

    /** txn_id → table, for every row in every table the catalog lists; a duplicate id fails loudly. */
    public static Map<String, String> rowsByTxnId(Session session, String keyspace) {
        Map<String, String> where = new HashMap<>();
        for (CatalogEntry table : new TableCatalog(session, keyspace).all()) {
            for (Row row : session.execute("SELECT txn_id FROM " + keyspace + "." + table.tableName)) {
                String previous = where.put(row.getString("txn_id"), table.tableName);
                if (previous != null) {
                    throw new AssertionError("txn " + row.getString("txn_id") + " stored twice: in " + previous
                            + " and " + table.tableName);
                }
            }
        }
        return where;
    }

    /** True when the catalog lists, for every table, each segment that has rows in it: what reads rely on. */
    public static boolean everyStoredSegmentIsInTheCatalog(Session session, String keyspace) {
        for (CatalogEntry table : new TableCatalog(session, keyspace).all()) {
            for (Row row : session.execute("SELECT DISTINCT segment_id, user_id FROM " + keyspace + "."
                    + table.tableName)) {
                if (!table.segmentIds.contains(row.getString("segment_id"))) {
                    return false;
                }
            }
        }
        return true;
    }

    public static long fallbackRows(Session session, String keyspace) {
        return session.execute("SELECT COUNT(*) FROM " + keyspace + "." + TableNames.FALLBACK_TABLE).one().getLong(0);
    }

    /** Polls until the condition holds; fails with the description after the timeout. */
    public static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting for " + what);
            }
            Thread.sleep(1000);
        }
    }

    public static void dropKeyspace(String keyspace) {
        try (Cluster cluster = cluster(); Session session = cluster.connect()) {
            session.execute(SchemaStatements.dropKeyspace(keyspace));
        }
    }
}
