package io.tablecast.connectors.testing;

import com.datastax.driver.core.Cluster;
import com.datastax.driver.core.Session;
import io.tablecast.connectors.cql.CassandraClusterBuilder;
import io.tablecast.connectors.cql.CassandraSettings;
import io.tablecast.connectors.cql.SchemaBootstrap;
import io.tablecast.connectors.cql.internal.SchemaStatements;

/**
 * A keyspace of its own on the Cassandra server scripts/stack started (CASSANDRA_PORT, else 9042), with the base
 * schema in it and a session open; closing drops it.
 */
public final class TestKeyspace implements AutoCloseable {
    public final String name;
    public final CassandraSettings settings;
    public final Cluster cluster;
    public final Session session;

    private TestKeyspace(String name) {
        this.name = name;
        this.settings = CassandraSettings.local("127.0.0.1",
                Integer.parseInt(System.getenv().getOrDefault("CASSANDRA_PORT", "9042")), name);
        this.cluster = new CassandraClusterBuilder(settings).getCluster();
        this.session = cluster.connect();
        SchemaBootstrap.ensureBaseSchema(session, settings);
    }

    public static TestKeyspace create(String kind) {
        return new TestKeyspace("it_" + kind + Long.toString(System.nanoTime(), 36));
    }

    @Override
    public void close() {
        session.execute(SchemaStatements.dropKeyspace(name));
        session.close();
        cluster.close();
    }
}
