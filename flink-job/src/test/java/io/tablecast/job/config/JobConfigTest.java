package io.tablecast.job.config;

import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobConfigTest {
    @Test
    void defaultsWorkAgainstTheLocalStack() {
        JobConfig c = JobConfig.fromArgs(new String[0], Map.of());
        assertThat(c.kafkaBootstrap).isEqualTo("127.0.0.1:9092");
        assertThat(c.kafkaTopic).isEqualTo("transactions");
        assertThat(c.dlqTopic).isEqualTo("transactions-dlq");
        assertThat(c.cassandra.keyspace()).isEqualTo("txn");
        assertThat(c.window).isEqualTo(Duration.ofDays(1));
        assertThat(c.dlqExactlyOnce).isTrue();
        assertThat(c.maxParallelism).isEqualTo(128);
        assertThat(c.cassandra.username()).isNull();
    }

    @Test
    void argumentsOverrideTheFileWhichOverridesDefaults(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("job.yaml");
        Files.writeString(file, "kafka:\n  topic: from-file\n  group-id: g1\ntables.window: 1h\n");
        JobConfig c = JobConfig.fromArgs(new String[] {"--config", file.toString(), "--kafka.topic", "from-args"},
                Map.of());
        assertThat(c.kafkaTopic).isEqualTo("from-args");
        assertThat(c.groupId).isEqualTo("g1");
        assertThat(c.window).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void thePasswordStaysWhereItIsAndNeverEntersTheJobGraph(@TempDir Path dir) throws Exception {
        JobConfig c = JobConfig.fromArgs(new String[0],
                Map.of("CASSANDRA_USERNAME", "app", "CASSANDRA_PASSWORD", "s3cret"));
        assertThat(c.cassandra.username()).isEqualTo("app");
        assertThat(c.cassandra.password().read(Map.of("CASSANDRA_PASSWORD", "s3cret")::get)).isEqualTo("s3cret");
        assertThat(c.cassandra.toString()).doesNotContain("s3cret")
                .contains("password from environment variable CASSANDRA_PASSWORD");
        // What the sinks carry into the job graph: the settings, serialized.
        assertThat(new String(InstantiationUtil.serializeObject(c.cassandra), StandardCharsets.ISO_8859_1))
                .doesNotContain("s3cret");

        Path secret = Files.writeString(dir.resolve("cql-password"), "fr0m-a-file\n");
        JobConfig fromFile = JobConfig.fromArgs(new String[] {"--cassandra.username", "app",
                "--cassandra.password-file", secret.toString()}, Map.of());
        assertThat(fromFile.cassandra.password().read()).isEqualTo("fr0m-a-file");
        assertThat(new String(InstantiationUtil.serializeObject(fromFile.cassandra), StandardCharsets.ISO_8859_1))
                .doesNotContain("fr0m-a-file");
    }

    @Test
    void holidayCalendarsAreTheBuiltInOnesNamedAndAnUnknownOneStopsTheStartNamingTheKey() {
        assertThat(JobConfig.fromMap(Map.of("forecast.holiday-calendars", " us, UK,")).holidayCalendars)
                .containsExactly("US", "UK");
        assertThatThrownBy(() -> JobConfig.fromMap(Map.of("forecast.holiday-calendars", "US,FR")))
                .hasMessage("configuration key 'forecast.holiday-calendars': 'FR' is not a built-in calendar: "
                        + "use US, UK");
    }

    @Test
    void aUserWithoutAReadablePasswordStopsAtStartNamingWhereItLooked() {
        assertThatThrownBy(() -> JobConfig.fromArgs(new String[] {"--cassandra.username", "app"}, Map.of()))
                .hasMessageContaining("'cassandra.password-env'").hasMessageContaining("CASSANDRA_PASSWORD");
        assertThatThrownBy(() -> JobConfig.fromArgs(new String[] {"--cassandra.username", "app",
                "--cassandra.password-file", "/nonexistent/secret"}, Map.of()))
                .hasMessageContaining("'cassandra.password-file'").hasMessageContaining("/nonexistent/secret");
        assertThatThrownBy(() -> JobConfig.fromMap(Map.of("cassandra.password", "p")))
                .hasMessageContaining("'cassandra.password'").hasMessageContaining("job graph");
    }

    @Test
    void securitySettingsAreCheckedAtStartNamingTheKey(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> JobConfig.fromMap(Map.of("kafka.security-protocol", "SASL_SSL"), Map.of()))
                .hasMessageContaining("'kafka.sasl-username'");
        assertThatThrownBy(() -> JobConfig.fromMap(Map.of("kafka.security-protocol", "SASL_SSL",
                "kafka.sasl-username", "u"), Map.of()))
                .hasMessageContaining("'kafka.sasl-password-env'").hasMessageContaining("KAFKA_SASL_PASSWORD");
        assertThatThrownBy(() -> JobConfig.fromMap(Map.of("kafka.security-protocol", "SSL",
                "kafka.tls-ca-file", "/nonexistent/ca.pem"), Map.of()))
                .hasMessageContaining("'kafka.tls-ca-file'").hasMessageContaining("/nonexistent/ca.pem");
        assertThatThrownBy(() -> JobConfig.fromMap(Map.of("kafka.sasl-username", "u"), Map.of()))
                .hasMessageContaining("'kafka.security-protocol'").hasMessageContaining("PLAINTEXT");
        assertThatThrownBy(() -> JobConfig.fromMap(Map.of("kafka.security-protocol", "SASL_PLAINTEXT"), Map.of()))
                .hasMessageContaining("'kafka.security-protocol'");
        assertThatThrownBy(() -> JobConfig.fromMap(Map.of("cassandra.ddl-username", "ddl"), Map.of()))
                .hasMessageContaining("'cassandra.ddl-username'");
        assertThatThrownBy(() -> JobConfig.fromMap(Map.of("cassandra.username", "w", "cassandra.ddl-username", "ddl"),
                Map.of("CASSANDRA_PASSWORD", "p")))
                .hasMessageContaining("'cassandra.ddl-password-env'").hasMessageContaining("CASSANDRA_DDL_PASSWORD");

        Path ca = Files.writeString(dir.resolve("ca.pem"), "not read until a connection is made");
        JobConfig c = JobConfig.fromMap(Map.of("cassandra.username", "w", "cassandra.ddl-username", "ddl",
                "cassandra.tls-ca-file", ca.toString()), Map.of("CASSANDRA_PASSWORD", "p", "CASSANDRA_DDL_PASSWORD", "q"));
        assertThat(c.cassandra.username()).isEqualTo("w");
        assertThat(c.cassandraDdl.username()).isEqualTo("ddl");
        assertThat(c.cassandraDdl.password().read(Map.of("CASSANDRA_DDL_PASSWORD", "q")::get)).isEqualTo("q");
        assertThat(c.cassandra.tls()).isTrue();
        assertThat(c.cassandraDdl.tlsCaFile()).isEqualTo(ca.toString());
        JobConfig plain = JobConfig.fromMap(Map.of("cassandra.username", "w"), Map.of("CASSANDRA_PASSWORD", "p"));
        assertThat(plain.cassandraDdl).isSameAs(plain.cassandra);
        assertThat(plain.cassandra.tls()).isFalse();
    }

    @Test
    void everyErrorNamesItsKey() {
        assertThatThrownBy(() -> JobConfig.fromMap(Map.of("kafka.topik", "x")))
                .hasMessageContaining("'kafka.topik'").hasMessageContaining("unknown key");
        assertThatThrownBy(() -> JobConfig.fromMap(Map.of("checkpoint.interval", "soon")))
                .hasMessageContaining("'checkpoint.interval'").hasMessageContaining("not a duration");
        assertThatThrownBy(() -> JobConfig.fromMap(Map.of("tables.window", "7h")))
                .hasMessageContaining("'tables.window'").hasMessageContaining("divide a day");
        assertThatThrownBy(() -> JobConfig.fromMap(Map.of("tables.shards-per-segment", "0")))
                .hasMessageContaining("'tables.shards-per-segment'");
        assertThatThrownBy(() -> JobConfig.fromMap(Map.of("cassandra.keyspace", "Bad-Name")))
                .hasMessageContaining("'cassandra.keyspace'");
        assertThatThrownBy(() -> JobConfig.fromMap(Map.of("cassandra.replication", "SimpleStrategy:x")))
                .hasMessageContaining("'cassandra.replication'");
        assertThatThrownBy(() -> JobConfig.fromMap(Map.of("segments.default", "no spaces")))
                .hasMessageContaining("'segments.default'");
        assertThatThrownBy(() -> JobConfig.fromMap(Map.of("kafka.dlq-topic", "transactions")))
                .hasMessageContaining("'kafka.dlq-topic'");
        assertThatThrownBy(() -> JobConfig.fromMap(Map.of("kafka.dlq-delivery", "sometimes")))
                .hasMessageContaining("'kafka.dlq-delivery'");
        assertThatThrownBy(() -> JobConfig.fromMap(Map.of("tables.split-factor", "0.5")))
                .hasMessageContaining("'tables.split-factor'").hasMessageContaining("at least 1");
        assertThatThrownBy(() -> JobConfig.fromArgs(new String[] {"--kafka.topic"}, Map.of()))
                .hasMessageContaining("'kafka.topic'").hasMessageContaining("no value");
    }

    @Test
    void segmentRulesAreReadAtStartAndABadFileStopsItNamingTheKeyAndTheField(@TempDir Path dir) throws Exception {
        assertThat(JobConfig.fromMap(Map.of()).segmentRules).as("none: segments as records name them").isNull();
        Path rules = dir.resolve("rules.json");
        Files.writeString(rules, "{\"default\": \"casual\", \"rules\": [{\"segment\": \"frequent\","
                + " \"when\": {\"records_per_day\": {\"min\": 5}}}]}");
        JobConfig c = JobConfig.fromMap(Map.of("segments.rules-file", rules.toString()));
        assertThat(c.segmentRules.defaultSegment()).isEqualTo("casual");
        assertThat(c.userStateTtl).isEqualTo(java.time.Duration.ofDays(90));
        assertThat(c.profilesTopic).isEqualTo("user-profiles");
        assertThat(c.rulesTopic).isEqualTo("segment-rules");
        assertThat(c.profileTtl).isEqualTo(java.time.Duration.ofDays(400));
        assertThatThrownBy(() -> JobConfig.fromMap(Map.of("segments.rules-file", rules.toString(),
                "segments.profiles-topic", "transactions")))
                .hasMessageContaining("'segments.profiles-topic'").hasMessageContaining("must differ from kafka.topic");
        assertThatThrownBy(() -> JobConfig.fromMap(Map.of("segments.rules-file", rules.toString(),
                "segments.rules-topic", "user-profiles")))
                .hasMessageContaining("'segments.rules-topic'").hasMessageContaining("segments.profiles-topic");
        assertThatThrownBy(() -> JobConfig.fromMap(Map.of("segments.rules-file", dir.resolve("nope.json").toString())))
                .hasMessageContaining("'segments.rules-file'").hasMessageContaining("cannot read");
        Files.writeString(rules, "{\"default\": \"casual\", \"rules\": [{\"segment\": \"x\","
                + " \"when\": {\"speed\": {\"min\": 5}}}]}");
        assertThatThrownBy(() -> JobConfig.fromMap(Map.of("segments.rules-file", rules.toString())))
                .hasMessageContaining("'segments.rules-file'").hasMessageContaining("rules[0].when.speed");
    }

    @Test
    void aRemovedKeyIsNamedWithWhatReplacedIt() {
        assertThatThrownBy(() -> JobConfig.fromMap(Map.of("validation.max-ahead-of-watermark", "7d")))
                .hasMessageContaining("'validation.max-ahead-of-watermark'")
                .hasMessageContaining("no longer depends on the watermark");
        assertThatThrownBy(() -> JobConfig.fromMap(Map.of("validation.max-ahead-of-wall-clock", "1h")))
                .hasMessageContaining("renamed to validation.max-ahead-of-arrival");
        assertThatThrownBy(() -> JobConfig.fromMap(Map.of("kafka.dlq-max-raw-bytes", "2000000")))
                .hasMessageContaining("'kafka.dlq-max-raw-bytes'").hasMessageContaining("outside [1024, 131072]");
    }

    @Test
    void everyKeyIsDocumentedInTheReadmeWithItsDefault() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        assertThat(ConfigKeys.all().values()).allSatisfy(k -> {
            assertThat(k.description).isNotBlank();
            assertThat(readme).contains("| `" + k.name + "` | "
                    + (k.defaultValue == null ? "—" : "`" + k.defaultValue + "`") + " |");
        });
    }
}
