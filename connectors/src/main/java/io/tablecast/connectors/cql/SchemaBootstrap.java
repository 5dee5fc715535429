package io.tablecast.connectors.cql;

import com.datastax.driver.core.Cluster;
import com.datastax.driver.core.Session;
import com.datastax.driver.core.TableMetadata;
import com.datastax.driver.core.exceptions.UnauthorizedException;
import io.tablecast.connectors.cql.internal.SchemaStatements;

/**
 * Creates the keyspace, the catalog, the fallback, forecast, segment-move and split tables if they are missing. Runs once, from one place (the job's
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

    /** A catalog made by an earlier version gets the columns added since (ALTER TABLE ADD; nothing else changes). */
    static void addMissingCatalogColumns(Session session, String keyspace) {
        TableMetadata catalog = session.getCluster().getMetadata().getKeyspace(keyspace)
                .getTable(TableNames.CATALOG_TABLE);
        for (String[] column : SchemaStatements.CATALOG_ADDED_COLUMNS) {
            if (catalog.getColumn(column[0]) == null) {
                session.execute(SchemaStatements.addCatalogColumn(keyspace, column[0], column[1]));
            }
        }
    }

    public static void ensureBaseSchema(Session session, CassandraSettings settings) {
        // Only when missing: CREATE KEYSPACE needs CREATE on all keyspaces even with IF NOT EXISTS, a right a
        // least-privilege DDL role (CREATE, ALTER, DROP on this keyspace only) does not have.
        if (session.getCluster().getMetadata().getKeyspace(settings.keyspace()) == null) {
            try {
                session.execute(SchemaStatements.createKeyspace(settings.keyspace(), settings.replication()));
            } catch (UnauthorizedException e) {
                throw new IllegalStateException("keyspace '" + settings.keyspace() + "' does not exist and role '"
                        + settings.username() + "' may not create it: create it as an administrator (README, Security)",
                        e);
            }
        }
        session.execute(SchemaStatements.createCatalogTable(settings.keyspace()));
        addMissingCatalogColumns(session, settings.keyspace());
        session.execute(SchemaStatements.createFallbackTable(settings.keyspace()));
        session.execute(SchemaStatements.createForecastTable(settings.keyspace()));
        session.execute(SchemaStatements.createSegmentMovesTable(settings.keyspace()));
        session.execute(SchemaStatements.createSplitsTable(settings.keyspace()));
        session.execute(SchemaStatements.createWindowOutcomesTable(settings.keyspace()));
    }
}
