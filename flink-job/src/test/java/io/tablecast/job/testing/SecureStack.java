package io.tablecast.job.testing;

import io.tablecast.connectors.cql.CassandraSettings;
import io.tablecast.connectors.kafka.KafkaSecurity;
import io.tablecast.connectors.security.PasswordSource;
import org.apache.kafka.clients.CommonClientConfigs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A second stack, started by {@code scripts/stack up --secure} in its own folder and on its own ports beside the
 * plain one: Cassandra with TLS, password authentication and roles, Kafka on SASL_SSL (SCRAM-SHA-512).
 */
public final class SecureStack {
    public static final Path HOME = Scripts.REPO.resolve(".stack/secure-stack");
    public static final Path SECRETS = HOME.resolve("secure");
    public static final int KAFKA_PORT = 9192;
    public static final int CASSANDRA_PORT = 9142;
    public static final String KAFKA = "127.0.0.1:" + KAFKA_PORT;

    /** What scripts/stack needs to run this stack instead of the plain one. */
    public static final Map<String, String> STACK_ENVIRONMENT = Map.of("TABLECAST_STACK_HOME", HOME.toString(),
            "KAFKA_PORT", String.valueOf(KAFKA_PORT), "KAFKA_CONTROLLER_PORT", "9193",
            "CASSANDRA_PORT", String.valueOf(CASSANDRA_PORT), "CASSANDRA_STORAGE_PORT", "7100",
            "CASSANDRA_JMX_PORT", "7299", "CASSANDRA_HEAP", "1g");

    private SecureStack() {}

    public static Path ca() {
        return SECRETS.resolve("ca.pem");
    }

    public static Path passwordFile(String name) {
        return SECRETS.resolve(name + ".password");
    }

    /** Every password the stack made: what must never show in a log, the web UI or a command line. */
    public static List<String> allPasswords() throws IOException {
        try (Stream<Path> files = Files.list(SECRETS)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".password")).map(f -> {
                try {
                    return Files.readString(f, StandardCharsets.US_ASCII).strip();
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            }).collect(Collectors.toList());
        }
    }

    /** Kafka client properties of a SCRAM user, with the password read from its file by the job's own provider. */
    public static Properties kafkaClient(String user, Path passwordFile) {
        Properties p = KafkaSecurity.saslSsl("SCRAM-SHA-512", user,
                PasswordSource.file("Kafka SASL password", passwordFile.toString()), ca().toString())
                .clientProperties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, KAFKA);
        return p;
    }

    /** CQL settings of one of the stack's roles: admin, ddl or writer. */
    public static CassandraSettings cql(String keyspace, String role) {
        return CassandraSettings.local("127.0.0.1", CASSANDRA_PORT, keyspace).withTls(ca().toString())
                .withCredentials("tablecast_" + role,
                        PasswordSource.file("CQL password", passwordFile("cassandra-" + role).toString()));
    }
}
