package io.tablecast.connectors.cql;

/** Where a table is in its lifecycle. The lifecycle work adds sealed, archived and dropped after active. */
public enum TableState {
    /** Created and accepting writes. */
    ACTIVE
}
