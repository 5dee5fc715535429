package io.tablecast.job.testing;

import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;

import java.util.HashMap;
import java.util.Map;

/** The names one integration test run uses on the shared stack: its own keyspace, topics, group and ids. */
public final class TestRun {
    public final String id;
    public final String keyspace;
    public final String topic;
    public final String dlqTopic;
    public final String eventsTopic;
    public final String profilesTopic;
    public final String rulesTopic;

    public TestRun(String kind) {
        id = kind + Long.toString(System.currentTimeMillis(), 36);
        keyspace = "it_" + id;
        topic = "txn-" + id;
        dlqTopic = "dlq-" + id;
        eventsTopic = "events-" + id;
        profilesTopic = "profiles-" + id;
        rulesTopic = "rules-" + id;
    }

    /** The job's settings for this run: its own names, the stack's ports, short intervals; callers may add to them. */
    public Map<String, String> jobSettings() {
        Map<String, String> m = new HashMap<>();
        m.put("kafka.bootstrap-servers", RealStack.KAFKA);
        m.put("kafka.topic", topic);
        m.put("kafka.dlq-topic", dlqTopic);
        m.put("kafka.events-topic", eventsTopic);
        m.put("segments.profiles-topic", profilesTopic);
        m.put("segments.rules-topic", rulesTopic);
        m.put("kafka.group-id", id);
        m.put("kafka.transactional-id-prefix", id);
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

    /** A MiniCluster with one TaskManager of four slots, as every ITCase here runs the job. */
    public static MiniClusterExtension miniCluster() {
        return new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1)
                .setNumberSlotsPerTaskManager(4).build());
    }
}
