package io.tablecast.connectors.cql;

import io.tablecast.connectors.cql.internal.CqlIdentifiers;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach the CQL cluster and where the job's tables live. It holds the user name and where the password is
 * ({@link PasswordSource}), never the password: the settings travel inside the job graph.
 */
public final class CassandraSettings implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String host;
    private final int port;
    private final String keyspace;
    private final Replication replication;
    private final String username;
    private final PasswordSource password;
    private final int maxConcurrentWrites;
    private final Duration writeTimeout;

    public CassandraSettings(String host, int port, String keyspace, Replication replication, String username,
                             PasswordSource password, int maxConcurrentWrites, Duration writeTimeout) {
        if ((username == null) != (password == null)) {
            throw new IllegalArgumentException("a CQL user name needs a password source and the other way round");
        }
        this.host = Objects.requireNonNull(host, "host");
        this.port = port;
        this.keyspace = CqlIdentifiers.require(keyspace, "keyspace");
        this.replication = Objects.requireNonNull(replication, "replication");
        this.username = username;
        this.password = password;
        this.maxConcurrentWrites = maxConcurrentWrites;
        this.writeTimeout = writeTimeout;
    }

    /** Local single-node defaults: handy for tests and tools. */
    public static CassandraSettings local(String host, int port, String keyspace) {
        return new CassandraSettings(host, port, keyspace, Replication.simple(1), null, null, 256,
                Duration.ofSeconds(60));
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String keyspace() {
        return keyspace;
    }

    public Replication replication() {
        return replication;
    }

    public String username() {
        return username;
    }

    /** Where the password is read from when a connection is made; null without authentication. */
    public PasswordSource password() {
        return password;
    }

    public int maxConcurrentWrites() {
        return maxConcurrentWrites;
    }

    public Duration writeTimeout() {
        return writeTimeout;
    }

    @Override
    public String toString() {
        return "CassandraSettings{" + host + ":" + port + ", keyspace=" + keyspace + ", replication=" + replication
                + ", auth=" + (username == null ? "none" : username + ", password from " + password) + "}";
    }
}
