package io.tablecast.connectors.testing;

import io.tablecast.connectors.cql.CassandraSettings;

/** The Cassandra server scripts/stack started, as the integration tests reach it (CASSANDRA_PORT, else 9042). */
public final class LocalCassandra {
    public static final String HOST = "127.0.0.1";
    public static final int PORT = Integer.parseInt(System.getenv().getOrDefault("CASSANDRA_PORT", "9042"));

    private LocalCassandra() {}

    public static CassandraSettings settings(String keyspace) {
        return CassandraSettings.local(HOST, PORT, keyspace);
    }

    /** A keyspace name of its own for one test run. */
    public static String freshKeyspace(String kind) {
        return "it_" + kind + Long.toString(System.nanoTime(), 36);
    }
}
