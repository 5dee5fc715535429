package io.tablecast.connectors.security;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;

/**
 * A TLS client context that trusts the certificates of one PEM file (a private CA), or the JVM's default trust store
 * when no file is given. PEM and not a key store: a CA certificate is public, so there is no trust store password to
 * hand around. Called where the connection is made, so the file must exist on the TaskManagers.
 */
public final class TrustedCertificates {
    private TrustedCertificates() {}

    /** @param caPemFile PEM file of one or more CA certificates; null: the JVM's default trust store */
    public static SSLContext clientContext(String caPemFile) {
        try {
            if (caPemFile == null) {
                return SSLContext.getDefault();
            }
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            Collection<? extends Certificate> certificates;
            try (InputStream in = Files.newInputStream(Path.of(caPemFile))) {
                certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
            }
            if (certificates.isEmpty()) {
                throw new IllegalStateException("the CA file " + caPemFile + " holds no PEM certificate");
            }
            int i = 0;
            for (Certificate certificate : certificates) {
                trust.setCertificateEntry("ca-" + i++, certificate);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the CA certificates in " + caPemFile + ": " + e.getMessage(),
                    e);
        }
    }
}
