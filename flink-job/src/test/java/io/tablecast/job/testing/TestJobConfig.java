package io.tablecast.job.testing;

import java.util.HashMap;
import java.util.Map;

/** Job configuration for a test run on the real stack: its own topics, keyspace and ids, and short intervals. */
public final class TestJobConfig {
    private TestJobConfig() {}

    public static Map<String, String> forRun(String run, String keyspace, String topic, String dlqTopic) {
        Map<String, String> m = new HashMap<>();
        m.put("kafka.bootstrap-servers", RealStack.KAFKA);
        m.put("kafka.topic", topic);
        m.put("kafka.dlq-topic", dlqTopic);
        m.put("kafka.group-id", run);
        m.put("kafka.transactional-id-prefix", run);
        m.put("kafka.starting-offsets", "earliest");
        m.put("cassandra.port", String.valueOf(RealStack.CASSANDRA_PORT));
        m.put("cassandra.keyspace", keyspace);
        m.put("tables.shards-per-segment", "2");
        m.put("tables.premake-windows", "1");
        m.put("tables.fallback-drain-interval", "1s");
        m.put("checkpoint.interval", "2s");
        m.put("job.parallelism", "2");
        return m;
    }
}
