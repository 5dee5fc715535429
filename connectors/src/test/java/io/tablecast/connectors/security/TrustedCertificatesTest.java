package io.tablecast.connectors.security;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TrustedCertificatesTest {
    @Test
    void withoutAFileTheJvmDefaultsAreTrusted() throws Exception {
        assertThat(TrustedCertificates.clientContext(null)).isSameAs(javax.net.ssl.SSLContext.getDefault());
    }

    @Test
    void aFileWithoutCertificatesOrNoFileIsAnErrorNamingIt(@TempDir Path dir) throws Exception {
        Path empty = Files.writeString(dir.resolve("ca.pem"), "");
        assertThatThrownBy(() -> TrustedCertificates.clientContext(empty.toString()))
                .hasMessageContaining(empty.toString());
        assertThatThrownBy(() -> TrustedCertificates.clientContext(dir.resolve("missing.pem").toString()))
                .hasMessageContaining("missing.pem");
    }
}
