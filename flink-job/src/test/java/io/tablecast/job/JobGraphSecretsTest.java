package io.tablecast.job;

import io.tablecast.connectors.cql.ForecastTableSink;
import io.tablecast.connectors.cql.SegmentMoveSink;
import io.tablecast.connectors.cql.ShardedTableSink;
import io.tablecast.connectors.cql.TableManagerSink;
import io.tablecast.connectors.cql.WindowOutcomeSink;
import io.tablecast.job.config.JobConfig;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole job graph a secure configuration builds, as the client ships it to the JobManager, holds no password:
 * only where each one is. (The running job's logs and web UI are scanned by SecureStackITCase.)
 */
class JobGraphSecretsTest {
    @Test
    void noPasswordEntersTheJobGraph(@TempDir Path dir) throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
        Path kafkaPassword = Files.writeString(dir.resolve("kafka.password"), "KafkaSecretFromFile42");
        // With behavioral segments, so the profiles and rules source is in the graph too.
        Path rules = Files.writeString(dir.resolve("rules.json"), "{\"default\": \"casual\", \"rules\": []}");
        Map<String, String> environment = Map.of("CASSANDRA_PASSWORD", "WriterSecretFromEnv42",
                "CASSANDRA_DDL_PASSWORD", "DdlSecretFromEnv42");
        JobConfig config = JobConfig.fromArgs(new String[] {
                "--kafka.security-protocol", "SASL_SSL", "--kafka.sasl-username", "tablecast",
                "--kafka.sasl-password-file", kafkaPassword.toString(), "--kafka.tls-ca-file", ca.toString(),
                "--cassandra.username", "tablecast_writer", "--cassandra.ddl-username", "tablecast_ddl",
                "--cassandra.tls-ca-file", ca.toString(), "--segments.rules-file", rules.toString()}, environment);

        TransactionIngestJob job = new TransactionIngestJob(config, TransactionIngestJob.kafkaSource(config),
                TransactionIngestJob.eventSource(config), TransactionIngestJob.segmentControlSource(config),
                TransactionIngestJob.deadLetterSink(config),
                new ShardedTableSink(config.cassandra, config.tableWait, config.hotShard),
                new TableManagerSink(config.cassandraDdl, config.cqlDialect, config.fallbackDrainInterval,
                        config.tableBudget),
                new ForecastTableSink(config.cassandra), new SegmentMoveSink(config.cassandra),
                new WindowOutcomeSink(config.cassandra));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        job.configure(env);
        job.build(env);
        JobGraph graph = env.getStreamGraph().getJobGraph();
        // Operators travel as serialized bytes inside the graph; read as Latin-1 every byte maps to one char.
        String shipped = new String(InstantiationUtil.serializeObject(graph), StandardCharsets.ISO_8859_1);

        assertThat(shipped).contains("tablecast_writer", "tablecast_ddl", kafkaPassword.toString());  // can find
        for (String secret : List.of("WriterSecretFromEnv42", "DdlSecretFromEnv42", "KafkaSecretFromFile42")) {
            assertThat(shipped).doesNotContain(secret);
        }
    }
}
