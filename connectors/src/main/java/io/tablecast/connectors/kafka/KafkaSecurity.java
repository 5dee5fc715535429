package io.tablecast.connectors.kafka;

import io.tablecast.connectors.security.PasswordSource;

import java.io.Serializable;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import java.util.List;

/**
 * How the job's Kafka clients authenticate and encrypt: plaintext, TLS, or SASL (SCRAM or PLAIN) over TLS. The
 * client properties it makes hold no secret: the SASL login line is a reference that
 * {@link SaslPasswordConfigProvider} resolves when the client is created (on the TaskManager for sources and sinks,
 * on the JobManager for the source's enumerator), reading the password from its environment variable or file then.
 */
public final class KafkaSecurity implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The SASL mechanisms the job's clients can log in with. */
    public static final List<String> MECHANISMS = List.of("SCRAM-SHA-512", "SCRAM-SHA-256", "PLAIN");

    private static final String PROVIDER = "tablecast";

    private final String protocol;
    private final String mechanism;
    private final String username;
    private final PasswordSource password;
    private final String tlsCaFile;

    private KafkaSecurity(String protocol, String mechanism, String username, PasswordSource password,
                          String tlsCaFile) {
        this.protocol = protocol;
        this.mechanism = mechanism;
        this.username = username;
        this.password = password;
        this.tlsCaFile = tlsCaFile;
    }

    public static KafkaSecurity plaintext() {
        return new KafkaSecurity("PLAINTEXT", null, null, null, null);
    }

    /** @param caPemFile CA certificates to trust (PEM); null: the JVM's default trust store */
    public static KafkaSecurity tls(String caPemFile) {
        return new KafkaSecurity("SSL", null, null, null, caPemFile);
    }

    /** SASL over TLS. */
    public static KafkaSecurity saslSsl(String mechanism, String username, PasswordSource password, String caPemFile) {
        if (!MECHANISMS.contains(mechanism)) {
            throw new IllegalArgumentException("SASL mechanism '" + mechanism + "' is not one of " + MECHANISMS);
        }
        return new KafkaSecurity("SASL_SSL", mechanism, Objects.requireNonNull(username, "username"),
                Objects.requireNonNull(password, "password"), caPemFile);
    }

    public String protocol() {
        return protocol;
    }

    public PasswordSource password() {
        return password;
    }

    /** Properties to add to every client's: none for plaintext. */
    public Properties clientProperties() {
        Properties p = new Properties();
        if (protocol.equals("PLAINTEXT")) {
            return p;
        }
        p.setProperty("security.protocol", protocol);
        if (tlsCaFile != null) {
            p.setProperty("ssl.truststore.type", "PEM");
            p.setProperty("ssl.truststore.location", tlsCaFile);
        }
        if (mechanism != null) {
            p.setProperty("sasl.mechanism", mechanism);
            p.setProperty("config.providers", PROVIDER);
            p.setProperty("config.providers." + PROVIDER + ".class", SaslPasswordConfigProvider.class.getName());
            SaslPasswordConfigProvider.describe(mechanism, username, password).forEach((key, value) ->
                    p.setProperty("config.providers." + PROVIDER + ".param." + key, value));
            p.setProperty("sasl.jaas.config", "${" + PROVIDER + ":" + SaslPasswordConfigProvider.JAAS_KEY + "}");
        }
        return p;
    }

    @Override
    public String toString() {
        return "KafkaSecurity{" + protocol.toLowerCase(Locale.ROOT)
                + (mechanism == null ? "" : ", " + mechanism + " as " + username + ", password from " + password)
                + (tlsCaFile == null ? "" : ", CA " + tlsCaFile) + "}";
    }
}
