package io.tablecast.job.tools;

import com.datastax.driver.core.Cluster;
import io.tablecast.connectors.cql.CassandraClusterBuilder;
import io.tablecast.connectors.cql.CassandraSettings;
import io.tablecast.connectors.security.PasswordSource;
import io.tablecast.connectors.cql.Replication;
import picocli.CommandLine.Option;

import java.time.Duration;

/**
 * Where the tools find the CQL cluster; defaults match scripts/stack. Credentials come from the environment, or TLS
 * and the writers' role from the job configuration named by TABLECAST_JOB_CONFIG ({@link JobConnections}).
 */
final class CassandraOptions {
    @Option(names = "--cassandra-host", defaultValue = "${env:CASSANDRA_HOST:-127.0.0.1}",
            description = "CQL contact point (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--cassandra-port", defaultValue = "${env:CASSANDRA_PORT:-9042}",
            description = "CQL port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--keyspace", defaultValue = "${env:TABLECAST_KEYSPACE:-txn}",
            description = "Keyspace (default: ${DEFAULT-VALUE}).")
    String keyspace;

    CassandraSettings settings() {
        String user = System.getenv("CASSANDRA_USERNAME");
        return JobConnections.cassandra(new CassandraSettings(host, port, keyspace, Replication.simple(1),
                user == null || user.isEmpty() ? null : user, user == null || user.isEmpty() ? null
                : PasswordSource.environment("CQL password", "CASSANDRA_PASSWORD"), 64, Duration.ofSeconds(30)));
    }

    Cluster cluster() {
        return new CassandraClusterBuilder(settings()).getCluster();
    }

    /** False, with a plain message instead of a driver stack trace, when the job has not made the keyspace yet. */
    boolean keyspaceExists(Cluster cluster) {
        if (cluster.getMetadata().getKeyspace(keyspace) == null) {
            System.err.println("error: keyspace '" + keyspace + "' does not exist on " + host + ":" + port
                    + " (has the job run yet? --keyspace names another)");
            return false;
        }
        return true;
    }
}
