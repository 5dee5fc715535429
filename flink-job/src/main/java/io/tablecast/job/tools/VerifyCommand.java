package io.tablecast.job.tools;

import com.datastax.driver.core.Cluster;
import com.datastax.driver.core.Session;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

/**
 * Whether a topic was ingested exactly once ({@link ExactlyOnceAudit}); prints the figures as JSON on the last line
 * and exits 0 only when every record is accounted for once.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Check that every record of a topic is in a window table or in the dead-letter topic, exactly"
                + " once; JSON figures on the last line, exit 0 only when so.")
final class VerifyCommand implements Callable<Integer> {
    @Mixin
    CassandraOptions cassandra;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--topic", defaultValue = "${env:TXN_TOPIC:-transactions}",
            description = "Source topic (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--dlq-topic", defaultValue = "${env:DLQ_TOPIC:-transactions-dlq}",
            description = "Dead-letter topic (default: ${DEFAULT-VALUE}).")
    String dlqTopic;

    @Option(names = "--wait-seconds", defaultValue = "0",
            description = "Audit again every 15 s until exactly once or this long has passed (default: ${DEFAULT-VALUE}).")
    long waitSeconds;

    @Override
    public Integer call() throws Exception {
        ExactlyOnceAudit audit = new ExactlyOnceAudit(kafka.client());
        long deadline = System.currentTimeMillis() + waitSeconds * 1000;
        try (Cluster cluster = cassandra.cluster(); Session session = cluster.connect()) {
            if (!cassandra.keyspaceExists(cluster)) {
                return 1;
            }
            while (true) {
                ExactlyOnceAudit.Figures f = audit.audit(topic, dlqTopic, session, cassandra.keyspace);
                boolean last = f.exactlyOnce() || System.currentTimeMillis() + 15_000 > deadline;
                if (last) {
                    System.out.println(new ObjectMapper().writeValueAsString(f.asMap()));
                    return f.exactlyOnce() ? 0 : 1;
                }
                System.err.printf("not yet: %d of %d accounted for (%d missing, %d in the fallback table)%n",
                        f.stored + f.deadLettered, f.sourceRecords, f.missing, f.fallbackRows);
                Thread.sleep(15_000);
            }
        }
    }
}
