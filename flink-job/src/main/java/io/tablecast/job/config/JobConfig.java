package io.tablecast.job.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.tablecast.connectors.cql.CassandraSettings;
import io.tablecast.connectors.cql.CqlDialect;
import io.tablecast.connectors.cql.HotShardThresholds;
import io.tablecast.connectors.cql.Replication;
import io.tablecast.connectors.kafka.DeadLetterSerializationSchema;
import io.tablecast.connectors.kafka.KafkaSecurity;
import io.tablecast.connectors.kafka.ValidationRules;
import io.tablecast.connectors.model.SegmentIds;
import io.tablecast.connectors.security.PasswordSource;
import io.tablecast.forecasting.HolidayCalendars;
import io.tablecast.job.segments.SegmentRules;
import org.apache.flink.util.TimeUtils;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The job's configuration, typed and validated once at start. Values come from, in rising precedence: the defaults
 * in {@link ConfigKeys}, a YAML file ({@code --config FILE}), environment variables for credentials, and
 * {@code --key value} arguments. Any error names the key at fault.
 */
public final class JobConfig implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final long DAY_MILLIS = Duration.ofDays(1).toMillis();

    public final String kafkaBootstrap;
    public final String kafkaTopic;
    public final String eventsTopic;
    public final String dlqTopic;
    public final String groupId;
    public final String startingOffsets;
    public final boolean bounded;
    public final boolean dlqExactlyOnce;
    public final String transactionalIdPrefix;
    public final KafkaSecurity kafkaSecurity;

    /** The writers' connection (rows only). */
    public final CassandraSettings cassandra;
    /** The table manager's and the schema setup's connection: may be another role, the one allowed DDL. */
    public final CassandraSettings cassandraDdl;
    public final CqlDialect cqlDialect;

    public final Duration window;
    public final int shardsPerSegment;
    public final long rowsPerTable;
    public final int tablesPerWindow;
    public final Duration routingInterval;
    public final int virtualNodes;
    public final double hotKeyShare;
    public final double splitFactor;
    public final Duration splitLead;
    public final HotShardThresholds hotShard;
    public final Duration planLead;
    public final int premakeWindows;
    public final Duration premakeInterval;
    public final Duration segmentIdleExpiry;
    public final Duration fallbackDrainInterval;
    public final Duration tableWait;
    public final int tableBudget;
    public final String defaultSegment;
    /** Behavioral segment rules, or null: segments as records name them. */
    public final SegmentRules segmentRules;
    public final Duration userStateTtl;
    public final String profilesTopic;
    public final String rulesTopic;
    public final Duration profileTtl;

    public final Duration maxAheadOfArrival;
    public final Duration retention;
    public final int maxRecordBytes;
    public final int dlqMaxRawBytes;

    public final double forecastQuantile;
    public final List<String> holidayCalendars;
    public final Duration forecastStateTtl;

    public final Duration outOfOrderness;
    public final Duration idleness;

    public final Duration checkpointInterval;
    public final String checkpointDir;
    public final String jobName;
    public final Integer parallelism;
    public final int maxParallelism;

    private JobConfig(Values v, Map<String, String> environment) {
        kafkaBootstrap = v.text(ConfigKeys.KAFKA_BOOTSTRAP);
        kafkaTopic = v.text(ConfigKeys.KAFKA_TOPIC);
        dlqTopic = v.text(ConfigKeys.KAFKA_DLQ_TOPIC);
        eventsTopic = v.text(ConfigKeys.KAFKA_EVENTS_TOPIC);
        groupId = v.text(ConfigKeys.KAFKA_GROUP);
        startingOffsets = v.oneOf(ConfigKeys.KAFKA_STARTING_OFFSETS, "committed", "earliest", "latest");
        bounded = v.oneOf(ConfigKeys.KAFKA_BOUNDED, "true", "false").equals("true");
        dlqExactlyOnce = v.oneOf(ConfigKeys.KAFKA_DLQ_DELIVERY, "exactly-once", "at-least-once")
                .equals("exactly-once");
        transactionalIdPrefix = v.text(ConfigKeys.KAFKA_TXN_PREFIX);
        if (kafkaTopic.equals(dlqTopic)) {
            throw new ConfigException(ConfigKeys.KAFKA_DLQ_TOPIC, "must differ from " + ConfigKeys.KAFKA_TOPIC);
        }
        if (eventsTopic.equals(kafkaTopic) || eventsTopic.equals(dlqTopic)) {
            throw new ConfigException(ConfigKeys.KAFKA_EVENTS_TOPIC, "must differ from " + ConfigKeys.KAFKA_TOPIC
                    + " and " + ConfigKeys.KAFKA_DLQ_TOPIC);
        }

        Replication replication;
        try {
            replication = Replication.parse(v.text(ConfigKeys.CASSANDRA_REPLICATION));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(ConfigKeys.CASSANDRA_REPLICATION, e.getMessage());
        }
        kafkaSecurity = kafkaSecurity(v, environment);

        String keyspace = v.text(ConfigKeys.CASSANDRA_KEYSPACE);
        String username = v.optional(ConfigKeys.CASSANDRA_USERNAME);
        PasswordSource password = username == null ? null : checkedPassword(v, environment, "CQL password",
                ConfigKeys.CASSANDRA_PASSWORD_ENV, ConfigKeys.CASSANDRA_PASSWORD_FILE);
        CassandraSettings settings;
        try {
            settings = new CassandraSettings(v.text(ConfigKeys.CASSANDRA_HOST),
                    v.intIn(ConfigKeys.CASSANDRA_PORT, 1, 65535), keyspace, replication, username, password,
                    v.intIn(ConfigKeys.CASSANDRA_MAX_WRITES, 1, 100_000),
                    v.positiveDuration(ConfigKeys.CASSANDRA_WRITE_TIMEOUT));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(ConfigKeys.CASSANDRA_KEYSPACE, e.getMessage());
        }
        String caFile = readableFile(v, ConfigKeys.CASSANDRA_TLS_CA_FILE);
        if (caFile != null || v.oneOf(ConfigKeys.CASSANDRA_TLS, "true", "false").equals("true")) {
            settings = settings.withTls(caFile);
        }
        cassandra = settings;
        String ddlUsername = v.optional(ConfigKeys.CASSANDRA_DDL_USERNAME);
        if (ddlUsername != null && username == null) {
            throw new ConfigException(ConfigKeys.CASSANDRA_DDL_USERNAME, "is set but " + ConfigKeys.CASSANDRA_USERNAME
                    + " is not: a cluster that checks the table manager's role checks the writers' too");
        }
        cassandraDdl = ddlUsername == null ? cassandra : cassandra.withCredentials(ddlUsername, checkedPassword(v,
                environment, "CQL password of the DDL role", ConfigKeys.CASSANDRA_DDL_PASSWORD_ENV,
                ConfigKeys.CASSANDRA_DDL_PASSWORD_FILE));
        cqlDialect = CqlDialect.parse(v.oneOf(ConfigKeys.CASSANDRA_DIALECT, "cassandra", "scylla"));

        window = v.positiveDuration(ConfigKeys.WINDOW);
        long w = window.toMillis();
        if (w < Duration.ofMinutes(1).toMillis() || (DAY_MILLIS % w != 0 && w % DAY_MILLIS != 0)) {
            throw new ConfigException(ConfigKeys.WINDOW,
                    "'" + window + "' must be at least a minute and divide a day or be whole days");
        }
        shardsPerSegment = v.intIn(ConfigKeys.SHARDS, 1, 999);
        rowsPerTable = v.intIn(ConfigKeys.ROWS_PER_TABLE, 1, Integer.MAX_VALUE);
        tablesPerWindow = v.intIn(ConfigKeys.TABLES_PER_WINDOW, 1, 10_000);
        routingInterval = v.positiveDuration(ConfigKeys.ROUTING_INTERVAL);
        if (w % routingInterval.toMillis() != 0) {
            throw new ConfigException(ConfigKeys.ROUTING_INTERVAL, "'" + routingInterval + "' must divide "
                    + ConfigKeys.WINDOW + " (" + window + ")");
        }
        virtualNodes = v.intIn(ConfigKeys.VIRTUAL_NODES, 1, 4096);
        hotKeyShare = v.fraction(ConfigKeys.HOT_KEY_SHARE, 0, 1);
        splitFactor = v.fraction(ConfigKeys.SPLIT_FACTOR, 0, 1000);
        if (splitFactor > 0 && splitFactor < 1) {
            throw new ConfigException(ConfigKeys.SPLIT_FACTOR, "'" + splitFactor + "' must be 0 (off) or at least 1");
        }
        splitLead = v.positiveDuration(ConfigKeys.SPLIT_LEAD);
        hotShard = new HotShardThresholds(v.intIn(ConfigKeys.HOT_ROWS_PER_SECOND, 1, Integer.MAX_VALUE),
                v.positiveDuration(ConfigKeys.HOT_WRITE_P99));
        planLead = v.positiveDuration(ConfigKeys.PLAN_LEAD);
        premakeWindows = v.intIn(ConfigKeys.PREMAKE_WINDOWS, 0, 1000);
        premakeInterval = v.positiveDuration(ConfigKeys.PREMAKE_INTERVAL);
        segmentIdleExpiry = v.positiveDuration(ConfigKeys.SEGMENT_IDLE_EXPIRY);
        fallbackDrainInterval = v.positiveDuration(ConfigKeys.FALLBACK_DRAIN_INTERVAL);
        tableWait = v.duration(ConfigKeys.TABLE_WAIT);
        tableBudget = v.intIn(ConfigKeys.TABLE_BUDGET, 1, 100_000);
        defaultSegment = v.text(ConfigKeys.DEFAULT_SEGMENT);
        if (!SegmentIds.isValid(defaultSegment)) {
            throw new ConfigException(ConfigKeys.DEFAULT_SEGMENT, "'" + defaultSegment + "' is not a valid segment id");
        }
        segmentRules = segmentRules(v.optional(ConfigKeys.SEGMENT_RULES_FILE));
        userStateTtl = v.positiveDuration(ConfigKeys.USER_STATE_TTL);
        profilesTopic = v.text(ConfigKeys.PROFILES_TOPIC);
        rulesTopic = v.text(ConfigKeys.RULES_TOPIC);
        profileTtl = v.positiveDuration(ConfigKeys.PROFILE_TTL);
        if (segmentRules != null) {
            for (String[] topic : new String[][]{{ConfigKeys.PROFILES_TOPIC, profilesTopic},
                    {ConfigKeys.RULES_TOPIC, rulesTopic}}) {
                if (Set.of(kafkaTopic, dlqTopic, eventsTopic).contains(topic[1])) {
                    throw new ConfigException(topic[0], "must differ from " + ConfigKeys.KAFKA_TOPIC + ", "
                            + ConfigKeys.KAFKA_DLQ_TOPIC + " and " + ConfigKeys.KAFKA_EVENTS_TOPIC);
                }
            }
            if (profilesTopic.equals(rulesTopic)) {
                throw new ConfigException(ConfigKeys.RULES_TOPIC, "must differ from " + ConfigKeys.PROFILES_TOPIC);
            }
        }

        maxAheadOfArrival = v.duration(ConfigKeys.MAX_AHEAD_OF_ARRIVAL);
        retention = v.positiveDuration(ConfigKeys.RETENTION);
        maxRecordBytes = v.intIn(ConfigKeys.MAX_RECORD_BYTES, 256, 64 * 1024 * 1024);
        dlqMaxRawBytes = v.intIn(ConfigKeys.DLQ_MAX_RAW_BYTES, DeadLetterSerializationSchema.MIN_RAW_BYTES,
                DeadLetterSerializationSchema.MAX_RAW_BYTES);

        forecastQuantile = v.fraction(ConfigKeys.FORECAST_QUANTILE, 0.5, 0.999);
        forecastStateTtl = v.positiveDuration(ConfigKeys.FORECAST_STATE_TTL);
        holidayCalendars = calendars(v.optional(ConfigKeys.HOLIDAY_CALENDARS));

        outOfOrderness = v.duration(ConfigKeys.OUT_OF_ORDERNESS);
        idleness = v.positiveDuration(ConfigKeys.IDLENESS);

        checkpointInterval = v.positiveDuration(ConfigKeys.CHECKPOINT_INTERVAL);
        checkpointDir = v.optional(ConfigKeys.CHECKPOINT_DIR);
        jobName = v.text(ConfigKeys.JOB_NAME);
        parallelism = v.optional(ConfigKeys.PARALLELISM) == null ? null : v.intIn(ConfigKeys.PARALLELISM, 1, 10_000);
        maxParallelism = v.intIn(ConfigKeys.MAX_PARALLELISM, 1, 32768);
        if (parallelism != null && parallelism > maxParallelism) {
            throw new ConfigException(ConfigKeys.PARALLELISM, "must not exceed " + ConfigKeys.MAX_PARALLELISM);
        }
    }

    private static KafkaSecurity kafkaSecurity(Values v, Map<String, String> environment) {
        String protocol = v.oneOf(ConfigKeys.KAFKA_SECURITY_PROTOCOL, "PLAINTEXT", "SSL", "SASL_SSL");
        String caFile = readableFile(v, ConfigKeys.KAFKA_TLS_CA_FILE);
        String username = v.optional(ConfigKeys.KAFKA_SASL_USERNAME);
        switch (protocol) {
            case "PLAINTEXT":
                if (caFile != null || username != null) {
                    throw new ConfigException(ConfigKeys.KAFKA_SECURITY_PROTOCOL, "is PLAINTEXT, so "
                            + (caFile != null ? ConfigKeys.KAFKA_TLS_CA_FILE : ConfigKeys.KAFKA_SASL_USERNAME)
                            + " would be ignored; set it to SSL or SASL_SSL");
                }
                return KafkaSecurity.plaintext();
            case "SSL":
                return KafkaSecurity.tls(caFile);
            default:
                if (username == null) {
                    throw new ConfigException(ConfigKeys.KAFKA_SASL_USERNAME, "is required under SASL_SSL");
                }
                String mechanism = v.oneOf(ConfigKeys.KAFKA_SASL_MECHANISM,
                        KafkaSecurity.MECHANISMS.toArray(new String[0]));
                PasswordSource password = checkedPassword(v, environment, "Kafka SASL password",
                        ConfigKeys.KAFKA_SASL_PASSWORD_ENV, ConfigKeys.KAFKA_SASL_PASSWORD_FILE);
                if (password.isFile() && (password.location().contains(":") || password.location().contains("}"))) {
                    throw new ConfigException(ConfigKeys.KAFKA_SASL_PASSWORD_FILE,
                            "must not contain ':' or '}' (Kafka's config provider syntax)");
                }
                return KafkaSecurity.saslSsl(mechanism, username, password, caFile);
        }
    }

    /**
     * Where a password is, read once here so that a missing secret stops the job at start, not in restarts; the value
     * read is dropped: the sinks read it again where they connect.
     */
    private static PasswordSource checkedPassword(Values v, Map<String, String> environment, String what,
                                                  String envKey, String fileKey) {
        String file = v.optional(fileKey);
        PasswordSource password = file != null ? PasswordSource.file(what, file)
                : PasswordSource.environment(what, v.text(envKey));
        try {
            password.read(environment::get);
        } catch (IllegalStateException e) {
            throw new ConfigException(file != null ? fileKey : envKey, e.getMessage());
        }
        return password;
    }

    private static String readableFile(Values v, String key) {
        String file = v.optional(key);
        if (file != null && !Files.isReadable(Path.of(file))) {
            throw new ConfigException(key, "file " + file + " does not exist or cannot be read");
        }
        return file;
    }

    private static List<String> calendars(String names) {
        try {
            return HolidayCalendars.named(names == null ? "" : names);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(ConfigKeys.HOLIDAY_CALENDARS, e.getMessage());
        }
    }

    public ValidationRules validationRules() {
        return new ValidationRules(maxAheadOfArrival, retention, maxRecordBytes, Clock.systemUTC());
    }

    /** Loads from arguments and the process environment. */
    public static JobConfig fromArgs(String[] args) {
        return fromArgs(args, System.getenv());
    }

    public static JobConfig fromArgs(String[] args, Map<String, String> env) {
        Map<String, String> given = new HashMap<>();
        Map<String, String> fromArgs = new HashMap<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new ConfigException(arg, "expected --key value");
            }
            String key = arg.substring(2);
            if (i + 1 >= args.length) {
                throw new ConfigException(key, "has no value");
            }
            fromArgs.put(key, args[++i]);
        }
        String file = fromArgs.remove("config");
        if (file != null) {
            given.putAll(readYaml(Path.of(file)));
        }
        putIfSet(given, ConfigKeys.CASSANDRA_USERNAME, env.get("CASSANDRA_USERNAME"));
        given.putAll(fromArgs);
        return fromMap(given, env);
    }

    public static JobConfig fromMap(Map<String, String> given) {
        return fromMap(given, System.getenv());
    }

    static JobConfig fromMap(Map<String, String> given, Map<String, String> environment) {
        for (String key : given.keySet()) {
            String advice = ConfigKeys.removedKeyAdvice(key);
            if (advice != null) {
                throw new ConfigException(key, advice);
            }
            if (!ConfigKeys.all().containsKey(key)) {
                throw new ConfigException(key, "unknown key (see the configuration reference in README.md)");
            }
        }
        return new JobConfig(new Values(given), environment);
    }

    private static void putIfSet(Map<String, String> map, String key, String value) {
        if (value != null && !value.isEmpty()) {
            map.put(key, value);
        }
    }

    /** Reads nested or dotted YAML keys into flat dotted keys. */
    static Map<String, String> readYaml(Path file) {
        try {
            JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(Files.readAllBytes(file));
            Map<String, String> flat = new HashMap<>();
            if (root != null && !root.isMissingNode() && !root.isNull()) {
                if (!root.isObject()) {
                    throw new ConfigException("config", "file " + file + " must hold a YAML mapping");
                }
                flatten("", root, flat);
            }
            return flat;
        } catch (IOException e) {
            throw new ConfigException("config", "cannot read " + file + ": " + e.getMessage());
        }
    }

    private static void flatten(String prefix, JsonNode node, Map<String, String> out) {
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
            if (field.getValue().isObject()) {
                flatten(key, field.getValue(), out);
            } else {
                out.put(key, field.getValue().asText());
            }
        }
    }

    private static SegmentRules segmentRules(String file) {
        if (file == null) {
            return null;
        }
        String json;
        try {
            json = Files.readString(Path.of(file));
        } catch (IOException | RuntimeException e) {
            throw new ConfigException(ConfigKeys.SEGMENT_RULES_FILE, "cannot read '" + file + "': " + e);
        }
        try {
            return SegmentRules.parse(json, file);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(ConfigKeys.SEGMENT_RULES_FILE, e.getMessage());
        }
    }

    /** Raw values with typed, key-naming accessors. */
    private static final class Values {
        private final Map<String, String> given;

        Values(Map<String, String> given) {
            this.given = given;
        }

        String optional(String key) {
            String v = given.getOrDefault(key, ConfigKeys.all().get(key).defaultValue);
            return v == null || v.isBlank() ? null : v.trim();
        }

        String text(String key) {
            String v = optional(key);
            if (v == null) {
                throw new ConfigException(key, "is required");
            }
            return v;
        }

        String oneOf(String key, String... allowed) {
            String v = text(key);
            for (String a : allowed) {
                if (a.equals(v)) {
                    return v;
                }
            }
            throw new ConfigException(key, "'" + v + "' is not one of " + String.join(", ", allowed));
        }

        int intIn(String key, int min, int max) {
            String v = text(key);
            try {
                int i = Integer.parseInt(v);
                if (i < min || i > max) {
                    throw new ConfigException(key, i + " is outside [" + min + ", " + max + "]");
                }
                return i;
            } catch (NumberFormatException e) {
                throw new ConfigException(key, "'" + v + "' is not a whole number");
            }
        }

        double fraction(String key, double min, double max) {
            String v = text(key);
            try {
                double d = Double.parseDouble(v);
                if (!(d >= min && d <= max)) {
                    throw new ConfigException(key, v + " is outside [" + min + ", " + max + "]");
                }
                return d;
            } catch (NumberFormatException e) {
                throw new ConfigException(key, "'" + v + "' is not a number");
            }
        }

        Duration duration(String key) {
            String v = text(key);
            try {
                return TimeUtils.parseDuration(v);
            } catch (IllegalArgumentException e) {
                throw new ConfigException(key, "'" + v + "' is not a duration such as 500ms, 10s, 5min, 1h or 1d");
            }
        }

        Duration positiveDuration(String key) {
            Duration d = duration(key);
            if (d.isZero() || d.isNegative()) {
                throw new ConfigException(key, "must be greater than zero");
            }
            return d;
        }
    }
}
