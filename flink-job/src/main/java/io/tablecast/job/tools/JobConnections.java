package io.tablecast.job.tools;

import io.tablecast.connectors.cql.CassandraSettings;
import io.tablecast.job.config.JobConfig;
import org.apache.kafka.clients.CommonClientConfigs;

import java.util.Properties;

/**
 * The tools connect the way the job does when {@code TABLECAST_JOB_CONFIG} names a job configuration file (such as
 * the {@code .stack/secure/job.yaml} that {@code scripts/stack up --secure} writes): Kafka security (TLS, SASL) and,
 * for CQL, TLS and the writers' role, with passwords read from where that file says. Addresses, topics and keyspace
 * still come from each tool's options. Unset: plaintext, and CQL credentials from CASSANDRA_USERNAME / _PASSWORD.
 */
final class JobConnections {
    static final String VARIABLE = "TABLECAST_JOB_CONFIG";

    private static JobConfig loaded;
    private static boolean read;

    private JobConnections() {}

    /** The job configuration the variable names, or null; read once (a tool asks for Kafka and CQL both). */
    static synchronized JobConfig jobConfig() {
        if (!read) {
            String file = System.getenv(VARIABLE);
            loaded = file == null || file.isBlank() ? null : JobConfig.fromArgs(new String[] {"--config", file});
            read = true;
        }
        return loaded;
    }

    /** Kafka client properties for these brokers, with the job's security settings when there are any. */
    static Properties kafka(String bootstrap) {
        JobConfig config = jobConfig();
        Properties client = config == null ? new Properties() : config.kafkaSecurity.clientProperties();
        client.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return client;
    }

    /** CQL settings for this node and keyspace, with the job's TLS and writers' role when there are any. */
    static CassandraSettings cassandra(CassandraSettings plain) {
        JobConfig config = jobConfig();
        if (config == null) {
            return plain;
        }
        CassandraSettings settings = config.cassandra.username() == null ? plain
                : plain.withCredentials(config.cassandra.username(), config.cassandra.password());
        return config.cassandra.tls() ? settings.withTls(config.cassandra.tlsCaFile()) : settings;
    }
}
