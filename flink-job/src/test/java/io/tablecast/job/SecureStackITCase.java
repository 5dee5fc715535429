package io.tablecast.job;

import com.datastax.driver.core.Cluster;
import com.datastax.driver.core.ProtocolVersion;
import com.datastax.driver.core.Session;
import com.datastax.driver.core.exceptions.AuthenticationException;
import com.datastax.driver.core.exceptions.NoHostAvailableException;
import com.datastax.driver.core.exceptions.UnauthorizedException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tablecast.connectors.cql.CassandraClusterBuilder;
import io.tablecast.connectors.cql.CassandraSettings;
import io.tablecast.connectors.cql.TableNames;
import io.tablecast.connectors.cql.internal.SchemaStatements;
import io.tablecast.connectors.security.PasswordSource;
import io.tablecast.job.testing.RealStack;
import io.tablecast.job.testing.Scripts;
import io.tablecast.job.testing.SecureStack;
import io.tablecast.job.tools.TopicReader;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The job on a secure stack (scripts/stack up --secure: CQL over TLS with password authentication and roles, Kafka on
 * SASL_SSL with SCRAM), submitted with scripts/submit to the real Flink cluster with the settings file the stack
 * wrote. Records flow to their tables and dead letters to their topic; the writers' role cannot change the schema;
 * clients without TLS or credentials are refused; and no password shows in the Flink logs, the web UI's view of the
 * job and cluster, or the processes' command lines.
 */
class SecureStackITCase {
    private static final Path FLINK = Scripts.REPO.resolve(".stack/flink");
    private static final String RUN = "s" + Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);
    private static final String KEYSPACE = "secure_it_" + RUN;
    private static final String TOPIC = "secure-it-" + RUN;
    private static final String DLQ = TOPIC + "-dlq";
    private static final String EVENTS = TOPIC + "-events";
    private static final Duration SCRIPT_TIMEOUT = Duration.ofMinutes(6);

    private static boolean stackWasRunning;
    private static boolean clusterWasRunning;
    private static String jobId;

    @BeforeAll
    static void startTheSecureStackAndTheFlinkCluster() throws Exception {
        stackWasRunning = Scripts.run(List.of("scripts/stack", "status"), SecureStack.STACK_ENVIRONMENT,
                log("stack-status"), SCRIPT_TIMEOUT).stdout.split("running \\(pid").length == 3;
        // Also makes this run's keyspace and grants its roles their rights in it, as an administrator would.
        Map<String, String> stack = new HashMap<>(SecureStack.STACK_ENVIRONMENT);
        stack.put("SECURE_KEYSPACE", KEYSPACE);
        Scripts.succeed(List.of("scripts/stack", "up", "--secure"), stack, log("stack-up"), SCRIPT_TIMEOUT);
        clusterWasRunning = Scripts.run(List.of("scripts/flink-cluster", "status"), Map.of(), log("flink-status"),
                SCRIPT_TIMEOUT).stdout.contains("taskmanager: running");
        Scripts.succeed(List.of("scripts/flink-cluster", "up"), Map.of(), log("flink-up"), SCRIPT_TIMEOUT);
    }

    @AfterAll
    static void leaveEverythingAsFound() throws Exception {
        try {
            if (jobId != null) {
                HttpClient.newHttpClient().send(HttpRequest.newBuilder(rest("/jobs/" + jobId + "?mode=cancel"))
                        .method("PATCH", HttpRequest.BodyPublishers.noBody()).build(),
                        HttpResponse.BodyHandlers.discarding());
            }
            try (Cluster cluster = cluster(SecureStack.cql(KEYSPACE, "admin")); Session admin = cluster.connect()) {
                admin.execute(SchemaStatements.dropKeyspace(KEYSPACE));
            }
        } finally {
            if (!clusterWasRunning) {
                Scripts.run(List.of("scripts/flink-cluster", "down"), Map.of(), log("flink-down"), SCRIPT_TIMEOUT);
            }
            if (!stackWasRunning) {
                Scripts.run(List.of("scripts/stack", "down"), SecureStack.STACK_ENVIRONMENT, log("stack-down"),
                        SCRIPT_TIMEOUT);
            }
        }
    }

    @Test
    void theJobRunsOnTheSecureStackWithLeastPrivilegeAndNoSecretShows() throws Exception {
        prepareTopicsAsAnAdministratorWould();
        String submitted = Scripts.succeed(List.of("scripts/submit", "--config",
                        SecureStack.SECRETS.resolve("job.yaml").toString(), "--cassandra.keyspace", KEYSPACE,
                        "--kafka.topic", TOPIC, "--kafka.dlq-topic", DLQ, "--kafka.events-topic", EVENTS,
                        "--kafka.group-id", TOPIC, "--kafka.transactional-id-prefix", TOPIC,
                        "--job.name", TOPIC, "--checkpoint.interval", "2s"),
                Map.of("KAFKA_PORT", String.valueOf(SecureStack.KAFKA_PORT),
                        "CASSANDRA_PORT", String.valueOf(SecureStack.CASSANDRA_PORT)),
                log("submit"), SCRIPT_TIMEOUT);
        Matcher id = Pattern.compile("JobID ([0-9a-f]{32})").matcher(submitted);
        assertThat(id.find()).as("scripts/submit printed no job id: %s", submitted).isTrue();
        jobId = id.group(1);

        List<String> valid = new ArrayList<>();
        Instant now = Instant.now();
        for (int i = 0; i < 200; i++) {
            valid.add("{\"txn_id\":\"sec-" + i + "\",\"user_id\":\"u" + (i % 17) + "\",\"ts\":\""
                    + now.minusSeconds(i) + "\",\"amount\":\"" + (i + 1) + ".25\",\"segment\":\"retail\"}");
        }
        List<String> hostile = List.of("{not json", "{\"txn_id\":\"x'; DROP TABLE t; --\",\"user_id\":\"u\"}",
                "{\"txn_id\":\"t\",\"user_id\":\"u\",\"ts\":\"+999999999-12-31T23:59:59Z\",\"amount\":\"1\"}");
        // Fed and audited with the project's own tools, connecting as the job does through the settings file.
        Map<String, String> tools = Map.of("TABLECAST_JOB_CONFIG", SecureStack.SECRETS.resolve("job.yaml").toString(),
                "KAFKA_PORT", String.valueOf(SecureStack.KAFKA_PORT),
                "CASSANDRA_PORT", String.valueOf(SecureStack.CASSANDRA_PORT));
        Path records = Files.createTempFile("secure-it", ".jsonl");
        List<String> lines = new ArrayList<>(valid);
        lines.addAll(hostile);
        Files.write(records, lines, StandardCharsets.UTF_8);
        Scripts.succeed(List.of("scripts/replay", "--file", records.toString(), "--topic", TOPIC), tools,
                log("replay"), SCRIPT_TIMEOUT);
        Files.delete(records);

        try (Cluster cluster = cluster(SecureStack.cql(KEYSPACE, "admin")); Session admin = cluster.connect()) {
            RealStack.await("200 rows through TLS and the writer role", Duration.ofMinutes(3),
                    () -> RealStack.rowsByTxnId(admin, KEYSPACE).size() == valid.size());
            assertThat(RealStack.rowsByTxnId(admin, KEYSPACE)).hasSize(valid.size());
            assertThat(RealStack.fallbackRows(admin, KEYSPACE)).isZero();
        }
        List<JsonNode> letters = new ArrayList<>();
        RealStack.await("3 dead letters (read_committed over SASL_SSL)", Duration.ofMinutes(2), () -> {
            letters.clear();
            TopicReader.readAll(client("tablecast"), DLQ, "read_committed",
                    r -> letters.add(json(new String(r.value(), StandardCharsets.UTF_8))));
            return letters.size() == hostile.size();
        });
        assertThat(letters).allSatisfy(l -> assertThat(l.path("reason").asText()).isNotEmpty());
        String verdict = Scripts.succeed(List.of("scripts/verify", "--topic", TOPIC, "--dlq-topic", DLQ,
                "--keyspace", KEYSPACE, "--wait-seconds", "60"), tools, log("verify"), SCRIPT_TIMEOUT).strip();
        JsonNode audit = json(verdict.substring(verdict.lastIndexOf('\n') + 1));
        assertThat(audit.path("exactly_once").asBoolean()).as(verdict).isTrue();
        assertThat(audit.path("stored").asLong()).isEqualTo(valid.size());
        assertThat(audit.path("dead_lettered").asLong()).isEqualTo(hostile.size());

        theWritersRoleCannotChangeTheSchemaAndTheDdlRoleOnlyItsKeyspace();
        clientsWithoutTlsOrCredentialsAreRefused();
        noPasswordShowsInLogsWebUiOrCommandLines(submitted);
    }

    /** The keyspace and its grants come from scripts/stack (SECURE_KEYSPACE); the topics are this run's own. */
    private static void prepareTopicsAsAnAdministratorWould() throws Exception {
        try (AdminClient admin = AdminClient.create(client("admin"))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 1), new NewTopic(DLQ, 2, (short) 1),
                    new NewTopic(EVENTS, 1, (short) 1))).all().get();
        }
    }

    private static void theWritersRoleCannotChangeTheSchemaAndTheDdlRoleOnlyItsKeyspace() {
        try (Cluster cluster = cluster(SecureStack.cql(KEYSPACE, "writer")); Session writer = cluster.connect()) {
            assertThat(writer.execute(SchemaStatements.selectCatalog(KEYSPACE)).all()).isNotEmpty();
            assertThatThrownBy(() -> writer.execute("CREATE TABLE " + KEYSPACE + ".intruder (id int PRIMARY KEY)"))
                    .isInstanceOf(UnauthorizedException.class);
            assertThatThrownBy(() -> writer.execute("DROP TABLE " + KEYSPACE + "." + TableNames.CATALOG_TABLE))
                    .isInstanceOf(UnauthorizedException.class);
        }
        try (Cluster cluster = cluster(SecureStack.cql(KEYSPACE, "ddl")); Session ddl = cluster.connect()) {
            assertThatThrownBy(() -> ddl.execute("CREATE KEYSPACE intruder_" + RUN
                    + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}"))
                    .isInstanceOf(UnauthorizedException.class);
            assertThatThrownBy(() -> ddl.execute("SELECT * FROM system_auth.roles"))
                    .isInstanceOf(UnauthorizedException.class);
        }
    }

    private static void clientsWithoutTlsOrCredentialsAreRefused() throws Exception {
        Cluster.Builder plaintext = Cluster.builder().addContactPoint("127.0.0.1").withPort(SecureStack.CASSANDRA_PORT)
                .withProtocolVersion(ProtocolVersion.V4).withoutJMXReporting().withCredentials("tablecast_writer",
                        Files.readString(SecureStack.passwordFile("cassandra-writer")).strip());
        try (Cluster cluster = plaintext.build()) {
            assertThatThrownBy(cluster::connect).isInstanceOf(NoHostAvailableException.class);
        }
        CassandraSettings wrongPassword = SecureStack.cql(KEYSPACE, "writer").withCredentials("tablecast_writer",
                PasswordSource.file("CQL password",
                        SecureStack.passwordFile("cassandra-ddl").toString()));
        try (Cluster cluster = cluster(wrongPassword)) {
            assertThatThrownBy(cluster::connect).isInstanceOf(AuthenticationException.class);
        }

        Properties wrongKafkaPassword = SecureStack.kafkaClient("tablecast", SecureStack.passwordFile("kafka-admin"));
        try (AdminClient admin = AdminClient.create(wrongKafkaPassword)) {
            assertThatThrownBy(() -> admin.listTopics().names().get()).isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(SaslAuthenticationException.class);
        }
        Properties noSecurity = new Properties();
        noSecurity.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, SecureStack.KAFKA);
        noSecurity.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "5000");
        noSecurity.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
        try (AdminClient admin = AdminClient.create(noSecurity)) {
            assertThatThrownBy(() -> admin.listTopics().names().get()).isInstanceOf(ExecutionException.class);
        }
    }

    private static void noPasswordShowsInLogsWebUiOrCommandLines(String submitOutput) throws Exception {
        Map<String, String> seen = new LinkedHashMap<>();
        for (String path : List.of("/jobs/" + jobId, "/jobs/" + jobId + "/config", "/jobs/" + jobId + "/plan",
                "/jobs/" + jobId + "/exceptions", "/jobmanager/config", "/jobmanager/environment", "/taskmanagers")) {
            seen.put("GET " + path, get(path));
        }
        for (JsonNode tm : json(seen.get("GET /taskmanagers")).path("taskmanagers")) {
            String path = "/taskmanagers/" + tm.path("id").asText();
            seen.put("GET " + path, get(path));
        }
        try (Stream<Path> logs = Files.list(FLINK.resolve("log"))) {
            for (Path file : (Iterable<Path>) logs::iterator) {
                if (Files.isRegularFile(file)) {
                    seen.put(file.toString(), new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
                }
            }
        }
        for (String process : List.of("jobmanager", "taskmanager")) {
            String pid = Files.readString(FLINK.resolve(process + ".pid")).strip();
            seen.put(process + " command line", Files.readString(Path.of("/proc", pid, "cmdline"),
                    StandardCharsets.ISO_8859_1));
        }
        seen.put("scripts/submit output", submitOutput + Files.readString(log("submit")));

        // The scan can find what it looks for: the job's name is in the web UI and the JobManager's log.
        assertThat(seen.get("GET /jobs/" + jobId)).contains(TOPIC);
        assertThat(seen.get(FLINK.resolve("log/jobmanager.log").toString())).contains(TOPIC);
        List<String> passwords = SecureStack.allPasswords();
        assertThat(passwords).hasSizeGreaterThanOrEqualTo(6);
        seen.forEach((where, text) -> {
            for (String password : passwords) {
                assertThat(text.contains(password)).as("a password shows in %s", where).isFalse();
            }
        });
    }

    private static Properties client(String user) {
        return SecureStack.kafkaClient(user, SecureStack.passwordFile("kafka-" + user));
    }

    private static Cluster cluster(CassandraSettings settings) {
        return new CassandraClusterBuilder(settings).getCluster();
    }

    private static String get(String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(rest(path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as("GET %s", path).isEqualTo(200);
        return response.body();
    }

    private static URI rest(String path) {
        return URI.create("http://127.0.0.1:" + System.getenv().getOrDefault("FLINK_REST_PORT", "8081") + path);
    }

    private static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }

    private static Path log(String name) {
        return Path.of("target", "secure-it", name + ".log");
    }
}
