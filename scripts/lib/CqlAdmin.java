import com.datastax.driver.core.Cluster;
import com.datastax.driver.core.ProtocolVersion;
import com.datastax.driver.core.RemoteEndpointAwareJdkSSLOptions;
import com.datastax.driver.core.Session;
import com.datastax.driver.core.exceptions.AuthenticationException;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.regex.Pattern;

/**
 * scripts/stack's CQL client for a secure local node (TLS + PasswordAuthenticator), compiled against the server's
 * own jars, so bringing the stack up needs no project build. Two commands:
 * <ul>
 *   <li>{@code answers HOST PORT CA_PEM}: exit 0 when the node completes a TLS handshake and a CQL exchange (an
 *   authentication refusal counts: the node answered), 1 otherwise.</li>
 *   <li>{@code setup HOST PORT CA_PEM SECRETS_DIR KEYSPACE}: makes the roles the job uses, idempotently. The default
 *   superuser {@code cassandra}/{@code cassandra} is replaced by {@code tablecast_admin}; {@code tablecast_ddl} may
 *   create, alter and drop tables in the keyspace (the table manager), {@code tablecast_writer} may only read and
 *   write rows in it (every other sink). Passwords are read from SECRETS_DIR/cassandra-ROLE.password.</li>
 * </ul>
 */
public final class CqlAdmin {
    private static final Pattern PASSWORD = Pattern.compile("[A-Za-z0-9]{16,64}");
    private static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_]{0,47}");

    public static void main(String[] args) throws Exception {
        switch (args.length > 0 ? args[0] : "") {
            case "answers":
                System.exit(answers(args[1], Integer.parseInt(args[2]), Path.of(args[3])) ? 0 : 1);
                break;
            case "setup":
                setup(args[1], Integer.parseInt(args[2]), Path.of(args[3]), Path.of(args[4]), args[5]);
                break;
            default:
                System.err.println("usage: CqlAdmin answers HOST PORT CA_PEM | setup HOST PORT CA_PEM SECRETS_DIR KEYSPACE");
                System.exit(2);
        }
    }

    private static boolean answers(String host, int port, Path ca) throws Exception {
        try (Cluster cluster = cluster(host, port, ca, null, null); Session ignored = cluster.connect()) {
            return true;
        } catch (AuthenticationException e) {
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static void setup(String host, int port, Path ca, Path secrets, String keyspace) throws Exception {
        require(IDENTIFIER, keyspace, "keyspace");
        String admin = password(secrets, "admin");
        if (!canLogIn(host, port, ca, "tablecast_admin", admin)) {
            // First start: only the built-in superuser exists. Its well-known password must not outlive this step.
            try (Cluster c = cluster(host, port, ca, "cassandra", "cassandra"); Session s = c.connect()) {
                s.execute("CREATE ROLE IF NOT EXISTS tablecast_admin WITH SUPERUSER = true AND LOGIN = true"
                        + " AND PASSWORD = '" + admin + "'");
            }
        }
        try (Cluster c = cluster(host, port, ca, "tablecast_admin", admin); Session s = c.connect()) {
            s.execute("DROP ROLE IF EXISTS cassandra");
            for (String role : List.of("ddl", "writer")) {
                s.execute("CREATE ROLE IF NOT EXISTS tablecast_" + role + " WITH LOGIN = true AND PASSWORD = '"
                        + password(secrets, role) + "'");
            }
            s.execute("CREATE KEYSPACE IF NOT EXISTS " + keyspace
                    + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
            for (String permission : List.of("CREATE", "ALTER", "DROP", "SELECT", "MODIFY")) {
                s.execute("GRANT " + permission + " ON KEYSPACE " + keyspace + " TO tablecast_ddl");
            }
            for (String permission : List.of("SELECT", "MODIFY")) {
                s.execute("GRANT " + permission + " ON KEYSPACE " + keyspace + " TO tablecast_writer");
            }
        }
    }

    private static boolean canLogIn(String host, int port, Path ca, String user, String password) throws Exception {
        try (Cluster c = cluster(host, port, ca, user, password); Session ignored = c.connect()) {
            return true;
        } catch (AuthenticationException e) {
            return false;
        }
    }

    private static String password(Path secrets, String role) throws Exception {
        String text = Files.readString(secrets.resolve("cassandra-" + role + ".password"), StandardCharsets.US_ASCII)
                .strip();
        return require(PASSWORD, text, "the " + role + " password");  // spliced into CQL below: letters and digits only
    }

    private static String require(Pattern pattern, String value, String what) {
        if (!pattern.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " does not have the expected form " + pattern);
        }
        return value;
    }

    private static Cluster cluster(String host, int port, Path ca, String user, String password) throws Exception {
        Cluster.Builder b = Cluster.builder().addContactPoint(host).withPort(port)
                .withProtocolVersion(ProtocolVersion.V4).withoutJMXReporting().withoutMetrics()
                .withSSL(RemoteEndpointAwareJdkSSLOptions.builder().withSSLContext(trusting(ca)).build());
        if (user != null) {
            b.withCredentials(user, password);
        }
        return b.build();
    }

    private static SSLContext trusting(Path caPem) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(caPem)) {
            trust.setCertificateEntry("ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, tmf.getTrustManagers(), null);
        return context;
    }
}
