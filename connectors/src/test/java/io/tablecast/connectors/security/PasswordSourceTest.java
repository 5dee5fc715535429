package io.tablecast.connectors.security;

import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PasswordSourceTest {
    @Test
    void readsWhenAskedAndCarriesOnlyWhereItLooks(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("pw"), "  s3cret-from-file \n");
        PasswordSource fromFile = PasswordSource.file("test password", file.toString());
        assertThat(fromFile.read()).isEqualTo("s3cret-from-file");
        assertThat(new String(InstantiationUtil.serializeObject(fromFile), StandardCharsets.ISO_8859_1))
                .doesNotContain("s3cret");
        assertThat(PasswordSource.environment("test password", "PW").read(Map.of("PW", "v")::get)).isEqualTo("v");
    }

    @Test
    void failuresNameThePlaceAndWhatItIsForNeverAValue(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> PasswordSource.environment("Kafka SASL password", "NOPE").read(Map.<String, String>of()::get))
                .hasMessage("the Kafka SASL password environment variable NOPE is not set in this process");
        Path empty = Files.writeString(dir.resolve("empty"), "\n");
        assertThatThrownBy(() -> PasswordSource.file("CQL password", empty.toString()).read())
                .hasMessageContaining("CQL password file").hasMessageContaining("is empty");
    }
}
