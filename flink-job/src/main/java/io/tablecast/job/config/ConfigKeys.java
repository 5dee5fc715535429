package io.tablecast.job.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every configuration key the job knows, with its default and meaning. The README's configuration reference is
 * this list. A key given that is not here is an error, so a typo fails at start instead of being ignored.
 */
public final class ConfigKeys {
    /** A key's default value ({@code null}: no default) and what it means. */
    public static final class Key {
        public final String name;
        public final String defaultValue;
        public final String description;

        Key(String name, String defaultValue, String description) {
            this.name = name;
            this.defaultValue = defaultValue;
            this.description = description;
        }
    }

    private static final Map<String, Key> KEYS = new LinkedHashMap<>();

    public static final String KAFKA_BOOTSTRAP = define("kafka.bootstrap-servers", "127.0.0.1:9092",
            "Kafka brokers to read transactions from and write dead letters to.");
    public static final String KAFKA_TOPIC = define("kafka.topic", "transactions", "Topic of incoming transactions.");
    public static final String KAFKA_DLQ_TOPIC = define("kafka.dlq-topic", "transactions-dlq",
            "Topic of dead letters: rejected records with reason, source partition and offset.");
    public static final String KAFKA_EVENTS_TOPIC = define("kafka.events-topic", "external-events",
            "Topic of external events (holidays, promotions, news as JSON) the forecaster takes into account; must exist.");
    public static final String KAFKA_GROUP = define("kafka.group-id", "tablecast-ingest", "Consumer group id.");
    public static final String KAFKA_STARTING_OFFSETS = define("kafka.starting-offsets", "committed",
            "Where a job without a checkpoint starts: committed (else earliest), earliest or latest.");
    public static final String KAFKA_BOUNDED = define("kafka.bounded", "false",
            "true: read up to the offsets that are latest when the job starts, then finish (backfills, benchmarks).");
    public static final String KAFKA_DLQ_DELIVERY = define("kafka.dlq-delivery", "exactly-once",
            "exactly-once (Kafka transactions, visible to read_committed readers at each checkpoint) or at-least-once.");
    public static final String KAFKA_SECURITY_PROTOCOL = define("kafka.security-protocol", "PLAINTEXT",
            "PLAINTEXT, SSL (TLS) or SASL_SSL (SASL over TLS) for every Kafka client of the job.");
    public static final String KAFKA_SASL_MECHANISM = define("kafka.sasl-mechanism", "SCRAM-SHA-512",
            "Under SASL_SSL: SCRAM-SHA-512, SCRAM-SHA-256 or PLAIN.");
    public static final String KAFKA_SASL_USERNAME = define("kafka.sasl-username", null,
            "Under SASL_SSL: the Kafka user.");
    public static final String KAFKA_SASL_PASSWORD_ENV = define("kafka.sasl-password-env", "KAFKA_SASL_PASSWORD",
            "Environment variable holding the SASL password, read wherever a Kafka client is created (TaskManagers; the JobManager for the source's enumerator) and checked at start.");
    public static final String KAFKA_SASL_PASSWORD_FILE = define("kafka.sasl-password-file", null,
            "File holding the SASL password (instead of the variable), read on the JobManager and TaskManagers; the password never enters the job graph.");
    public static final String KAFKA_TLS_CA_FILE = define("kafka.tls-ca-file", null,
            "Under SSL or SASL_SSL: PEM file of the CA certificates to trust (on every Flink host); unset: the JVM's default trust store.");
    public static final String KAFKA_TXN_PREFIX = define("kafka.transactional-id-prefix", "tablecast-dlq",
            "Prefix of the dead-letter producer's transactional ids; unique per job on a cluster.");

    public static final String CASSANDRA_HOST = define("cassandra.host", "127.0.0.1", "CQL contact point.");
    public static final String CASSANDRA_PORT = define("cassandra.port", "9042", "CQL native port.");
    public static final String CASSANDRA_KEYSPACE = define("cassandra.keyspace", "txn",
            "Keyspace of the window tables, the catalog and the fallback table.");
    public static final String CASSANDRA_REPLICATION = define("cassandra.replication", "SimpleStrategy:1",
            "Keyspace replication: SimpleStrategy:<n> or NetworkTopologyStrategy:<dc>=<n>,...");
    public static final String CASSANDRA_USERNAME = define("cassandra.username", null,
            "CQL user; or the CASSANDRA_USERNAME environment variable. Unset: no authentication.");
    public static final String CASSANDRA_PASSWORD_ENV = define("cassandra.password-env", "CASSANDRA_PASSWORD",
            "Environment variable holding the CQL password, read where connections are made (TaskManagers) and checked at start.");
    public static final String CASSANDRA_PASSWORD_FILE = define("cassandra.password-file", null,
            "File holding the CQL password (instead of the variable), read on the TaskManagers; the password never enters the job graph.");
    public static final String CASSANDRA_DDL_USERNAME = define("cassandra.ddl-username", null,
            "CQL user of the table manager and of the schema setup at start, the only parts that create or alter tables; unset: cassandra.username. Lets the writers' role lack DDL rights.");
    public static final String CASSANDRA_DDL_PASSWORD_ENV = define("cassandra.ddl-password-env", "CASSANDRA_DDL_PASSWORD",
            "Environment variable holding the password of cassandra.ddl-username, read where connections are made and checked at start.");
    public static final String CASSANDRA_DDL_PASSWORD_FILE = define("cassandra.ddl-password-file", null,
            "File holding the password of cassandra.ddl-username (instead of the variable).");
    public static final String CASSANDRA_TLS = define("cassandra.tls", "false",
            "true: CQL over TLS; the server's certificate must chain to a trusted CA and name the host connected to.");
    public static final String CASSANDRA_TLS_CA_FILE = define("cassandra.tls-ca-file", null,
            "PEM file of the CA certificates CQL TLS trusts (on every Flink host); setting it implies cassandra.tls=true. Unset: the JVM's default trust store.");
    public static final String CASSANDRA_DIALECT = define("cassandra.dialect", "cassandra",
            "cassandra or scylla: under scylla, window tables planned for rows get the tablet hint expected_data_size_in_gb from them (ScyllaDB 2025.1+).");
    public static final String CASSANDRA_MAX_WRITES = define("cassandra.max-concurrent-writes", "256",
            "Writes in flight per sink subtask; the sink waits when the limit is reached.");
    public static final String CASSANDRA_WRITE_TIMEOUT = define("cassandra.write-timeout", "60s",
            "How long a write may be retried through transient faults (backoff), or wait for a free write slot, before the job fails and restarts.");

    public static final String WINDOW = define("tables.window", "1d",
            "Time window of one table (UTC-aligned). Divides a day, or is a whole number of days.");
    public static final String SHARDS = define("tables.shards-per-segment", "16",
            "Most tables one segment gets in a window: a busy segment gets as many as its forecast upper bound needs, up to this.");
    public static final String ROWS_PER_TABLE = define("tables.rows-per-table", "1000000",
            "Rows one table should take in a window (by the forecast upper bound); a segment above half of it gets tables of its own, smaller ones share.");
    public static final String TABLES_PER_WINDOW = define("tables.per-window", "20",
            "Most tables one window may have (shared table included); past it the schedule packs tighter and says so (tightenedPlans).");
    public static final String ROUTING_INTERVAL = define("tables.routing-interval", "1min",
            "Time interval of the shard key (user, segment, interval): a user's records of one interval share a shard, its intervals spread over the segment's shards (hash ring). Divides the window; fixed per window when planned.");
    public static final String VIRTUAL_NODES = define("tables.virtual-nodes", "64",
            "Virtual nodes per shard on a segment's hash ring.");
    public static final String SPLIT_FACTOR = define("tables.split-factor", "2",
            "Split a segment's shard within the live window when, by the segment's count of a closed hour and the shard's share of its keys, the shard takes more than this many times the rows an hour its table was sized for (at least 1; 0: never). Up to twice tables.shards-per-segment. While a window runs, records past where its plan is final wait in the router for the next hourly version (operator state).");
    public static final String SPLIT_LEAD = define("tables.split-lead", "2h",
            "How long after the hour that calls for a split (event time) it takes effect: the new table is created in between. Records more than an hour and this ahead of the watermark wait for the plan's next hourly version (with splits on).");
    public static final String HOT_KEY_SHARE = define("tables.hot-key-share", "0.002",
            "A user whose busiest hour of the last day, per routing interval, would be more than this share of a shard's rows in the window is hot: the plan spreads its records over buckets by transaction id. 0: never.");
    public static final String HOT_ROWS_PER_SECOND = define("tables.hot-rows-per-second", "20000",
            "A window table taking more rows a second than this (over a minute, per sink subtask) is hot: metric hot, hotTables, a warning.");
    public static final String HOT_WRITE_P99 = define("tables.hot-write-p99", "250ms",
            "A window table whose writes take longer than this at the 99th percentile (last 512) is hot.");
    public static final String PLAN_LEAD = define("tables.plan-lead", "1h",
            "How long before a window begins (in event time) its tables are decided and asked for; at least the DDL time of a window's tables plus a margin.");
    public static final String PREMAKE_WINDOWS = define("tables.premake-windows", "2",
            "Windows whose shared table is kept created ahead of the current one by the wall clock.");
    public static final String PREMAKE_INTERVAL = define("tables.premake-interval", "1min",
            "How often the schedule checks the clock for shared tables to premake.");
    public static final String SEGMENT_IDLE_EXPIRY = define("tables.segment-idle-expiry", "7d",
            "A segment without records for this long (event time) stops having its hours closed and forecast.");
    public static final String TABLE_WAIT = define("tables.wait-for-table", "2min",
            "How long a write waits for its planned table to appear before going to the fallback table: back-pressure instead of fallback rows in a cold start or a fast backfill (one CREATE took 32 s on a busy local node); 0 never waits.");
    public static final String FALLBACK_DRAIN_INTERVAL = define("tables.fallback-drain-interval", "10s",
            "How often rows in the fallback table are moved into tables that now exist.");
    public static final String TABLE_BUDGET = define("tables.budget", "200",
            "Most window tables the keyspace may hold; past it creation is refused (metric, warning), rows wait in the fallback table.");
    public static final String DEFAULT_SEGMENT = define("segments.default", "default",
            "Segment of a record that names none (without segments.rules-file).");
    public static final String SEGMENT_RULES_FILE = define("segments.rules-file", null,
            "JSON file of behavioral segment rules (docs/segments.md): each user's segment is decided daily from its behavior, keyed by user, moves recorded in segment_moves; a record's own segment field is then ignored. Empty: the record's segment, else segments.default.");
    public static final String USER_STATE_TTL = define("segments.user-state-ttl", "90d",
            "How long a user's segment and behavior are kept without a record of it (with segments.rules-file); a user back after longer starts afresh.");
    public static final String PROFILES_TOPIC = define("segments.profiles-topic", "user-profiles",
            "Compacted topic of user profiles, keyed by user id (docs/segments.md): an explicit segment and attributes the rules can test. Read with segments.rules-file; must exist then.");
    public static final String RULES_TOPIC = define("segments.rules-topic", "segment-rules",
            "Topic of segment rule versions, each in force from its effective_from (docs/segments.md): rules change without a redeploy. Read with segments.rules-file; must exist then.");
    public static final String PROFILE_TTL = define("segments.profile-ttl", "400d",
            "How long a user's profile is kept without a new version or a record of the user (with segments.rules-file).");

    public static final String MAX_AHEAD_OF_ARRIVAL = define("validation.max-ahead-of-arrival", "1h",
            "A record whose ts is further ahead of its Kafka timestamp (or of the wall clock) is dead-lettered.");
    public static final String RETENTION = define("validation.retention", "400d",
            "A record whose ts is older than this when it reached Kafka is dead-lettered: retention would drop its table.");
    public static final String MAX_RECORD_BYTES = define("validation.max-record-bytes", "65536",
            "A record larger than this is dead-lettered unread (its dead letter keeps a prefix, the length and SHA-256).");
    public static final String DLQ_MAX_RAW_BYTES = define("kafka.dlq-max-raw-bytes", "65536",
            "Bytes of a rejected record kept in its dead letter (1024-131072); longer ones are cut, noting length and SHA-256.");

    public static final String FORECAST_QUANTILE = define("forecast.quantile", "0.975",
            "Quantile of the upper bound each segment's hourly forecast gives (what capacity is sized from).");
    public static final String HOLIDAY_CALENDARS = define("forecast.holiday-calendars", "",
            "Built-in public-holiday calendars every segment's forecast knows, comma-separated (US, UK); empty: none. Other days come as external events.");
    public static final String FORECAST_STATE_TTL = define("forecast.state-ttl", "35d",
            "A segment's forecaster state is dropped after this long without a record (its hourly chain stops after tables.segment-idle-expiry).");

    public static final String OUT_OF_ORDERNESS = define("watermark.out-of-orderness", "5s",
            "How far event time may go backwards before records count as late.");
    public static final String IDLENESS = define("watermark.idleness", "30s",
            "A partition silent this long stops holding back the watermark.");

    public static final String CHECKPOINT_INTERVAL = define("checkpoint.interval", "10s",
            "Checkpoint interval; also how often dead letters become visible (exactly-once).");
    public static final String CHECKPOINT_DIR = define("checkpoint.dir", null,
            "Durable checkpoint storage (file:// or s3://). When set, checkpoints are kept on cancel, to restart from.");
    public static final String JOB_NAME = define("job.name", "tablecast-ingest", "Name shown in the Flink web UI.");
    public static final String PARALLELISM = define("job.parallelism", null,
            "Default operator parallelism; unset: the cluster's default.");
    public static final String MAX_PARALLELISM = define("job.max-parallelism", "128",
            "Upper bound of rescaling; fixed for the life of the job's state.");

    /** Keys earlier versions knew, with what to do instead: named at start rather than called unknown. */
    private static final Map<String, String> REMOVED = Map.of(
            "validation.max-ahead-of-wall-clock", "renamed to validation.max-ahead-of-arrival",
            "validation.max-ahead-of-watermark", "removed: validation no longer depends on the watermark, so that a "
                    + "record read again after a restart meets the same fate (see README, Input record)",
            "cassandra.password", "removed: a password given here would travel in the job graph and the command line; "
                    + "put it in the environment variable cassandra.password-env names, or in cassandra.password-file");

    private ConfigKeys() {}

    /** What replaced a removed key, or null when the key was never known. */
    public static String removedKeyAdvice(String key) {
        return REMOVED.get(key);
    }

    private static String define(String name, String defaultValue, String description) {
        KEYS.put(name, new Key(name, defaultValue, description));
        return name;
    }

    public static Map<String, Key> all() {
        return Collections.unmodifiableMap(KEYS);
    }
}
