package io.tablecast.connectors.cql;

import java.util.Locale;

/**
 * Which server the CQL goes to. The statements are the same on both; what differs is a table option only ScyllaDB
 * has: with tablets (ScyllaDB 2025.1+), a new table can be told how much data to expect, so it starts with enough
 * tablets for it instead of splitting them while the window is written (ScyllaDB "per-table tablet options").
 */
public enum CqlDialect {
    CASSANDRA,
    SCYLLA;

    /** {@code cassandra} or {@code scylla}, any case. */
    public static CqlDialect parse(String name) {
        for (CqlDialect d : values()) {
            if (d.name().equalsIgnoreCase(name.trim())) {
                return d;
            }
        }
        throw new IllegalArgumentException("'" + name + "' is not a CQL dialect: cassandra or scylla");
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
