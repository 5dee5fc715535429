package io.tablecast.connectors.cql;

import io.tablecast.connectors.cql.internal.CqlIdentifiers;
import io.tablecast.connectors.security.PasswordSource;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * How to reach the CQL cluster and where the job's tables live. It holds the user name and where the password is
 * ({@link PasswordSource}), never the password, and the path of the CA certificate to trust for TLS: the settings
 * travel inside the job graph.
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
    private final boolean tls;
    private final String tlsCaFile;

    public CassandraSettings(String host, int port, String keyspace, Replication replication, String username,
                             PasswordSource password, int maxConcurrentWrites, Duration writeTimeout) {
        this(host, port, keyspace, replication, username, password, maxConcurrentWrites, writeTimeout, false, null);
    }

    private CassandraSettings(String host, int port, String keyspace, Replication replication, String username,
                              PasswordSource password, int maxConcurrentWrites, Duration writeTimeout, boolean tls,
                              String tlsCaFile) {
        if ((username == null) != (password == null)) {
            throw new IllegalArgumentException("a CQL user name needs a password source and the other way round");
        }
        if (tlsCaFile != null && !tls) {
            throw new IllegalArgumentException("a CA file is only used with TLS");
        }
        this.host = Objects.requireNonNull(host, "host");
        this.port = port;
        this.keyspace = CqlIdentifiers.require(keyspace, "keyspace");
        this.replication = Objects.requireNonNull(replication, "replication");
        this.username = username;
        this.password = password;
        this.maxConcurrentWrites = maxConcurrentWrites;
        this.writeTimeout = writeTimeout;
        this.tls = tls;
        this.tlsCaFile = tlsCaFile;
    }

    /** The same cluster and keyspace reached as another role (the table manager's, which may change the schema). */
    public CassandraSettings withCredentials(String username, PasswordSource password) {
        return new CassandraSettings(host, port, keyspace, replication, username, password, maxConcurrentWrites,
                writeTimeout, tls, tlsCaFile);
    }

    /**
     * The same settings over TLS; the server's certificate must chain to the CA in the PEM file (null: to the JVM's
     * default trust store) and name the host connected to.
     */
    public CassandraSettings withTls(String caPemFile) {
        return new CassandraSettings(host, port, keyspace, replication, username, password, maxConcurrentWrites,
                writeTimeout, true, caPemFile);
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

    public boolean tls() {
        return tls;
    }

    /** PEM file of the CA certificates TLS trusts; null: the JVM's default trust store. */
    public String tlsCaFile() {
        return tlsCaFile;
    }

    @Override
    public String toString() {
        return "CassandraSettings{" + host + ":" + port + ", keyspace=" + keyspace + ", replication=" + replication
                + ", auth=" + (username == null ? "none" : username + ", password from " + password)
                + ", tls=" + (!tls ? "off" : tlsCaFile == null ? "default trust store" : "CA " + tlsCaFile) + "}";
    }
}
