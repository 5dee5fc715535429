package io.tablecast.connectors.cql;

import com.datastax.driver.core.Cluster;
import com.datastax.driver.core.Session;
import io.tablecast.connectors.cql.internal.SchemaStatements;

/**
 * Creates the keyspace, the catalog, the fallback table and the forecast table if they are missing. Runs once, from one place (the job's
 * main, before the job starts), because concurrent CREATE TABLE from many clients can leave a cluster in schema
 * disagreement.
 */
public final class SchemaBootstrap {
    private SchemaBootstrap() {}

    public static void ensureBaseSchema(CassandraSettings settings) {
        try (Cluster cluster = new CassandraClusterBuilder(settings).getCluster();
             Session session = cluster.connect()) {
            ensureBaseSchema(session, settings);
        }
    }

    public static void ensureBaseSchema(Session session, CassandraSettings settings) {
        session.execute(SchemaStatements.createKeyspace(settings.keyspace(), settings.replication()));
        session.execute(SchemaStatements.createCatalogTable(settings.keyspace()));
        session.execute(SchemaStatements.createFallbackTable(settings.keyspace()));
        session.execute(SchemaStatements.createForecastTable(settings.keyspace()));
    }
}
