package io.tablecast.connectors.cql;

import com.datastax.driver.core.Cluster;
import com.datastax.driver.core.ConsistencyLevel;
import com.datastax.driver.core.ProtocolVersion;
import com.datastax.driver.core.QueryOptions;
import com.datastax.driver.core.SocketOptions;
import io.tablecast.connectors.cql.internal.VerifyingSslOptions;
import io.tablecast.connectors.security.TrustedCertificates;
import org.apache.flink.streaming.connectors.cassandra.ClusterBuilder;

/**
 * Builds driver clusters from {@link CassandraSettings}. Protocol v4 and no JMX reporting: the bundled driver's
 * metrics pull in classes the connector does not ship, and v4 is spoken by Cassandra 4/5 and ScyllaDB alike.
 */
public final class CassandraClusterBuilder extends ClusterBuilder {
    private static final long serialVersionUID = 1L;

    private final CassandraSettings settings;

    public CassandraClusterBuilder(CassandraSettings settings) {
        this.settings = settings;
    }

    private static final int SCHEMA_REFRESH_MILLIS = 100;

    @Override
    protected Cluster buildCluster(Cluster.Builder builder) {
        builder.addContactPoint(settings.host())
                .withPort(settings.port())
                .withProtocolVersion(ProtocolVersion.V4)
                .withoutJMXReporting()
                // A table the table manager creates is written to as soon as this driver's metadata lists it: its
                // schema refresh waits 1 s by default for more changes to batch, and a cold window's rows wait too.
                .withQueryOptions(new QueryOptions().setConsistencyLevel(ConsistencyLevel.LOCAL_QUORUM)
                        .setRefreshSchemaIntervalMillis(SCHEMA_REFRESH_MILLIS))
                .withSocketOptions(new SocketOptions()
                        .setReadTimeoutMillis((int) settings.writeTimeout().toMillis()));
        if (settings.tls()) {
            builder.withSSL(new VerifyingSslOptions(TrustedCertificates.clientContext(settings.tlsCaFile())));
        }
        if (settings.username() != null) {
            // Read here, where the connection is made (the TaskManager for the job's sinks), not carried in.
            builder.withCredentials(settings.username(), settings.password().read());
        }
        return builder.build();
    }
}
