package io.tablecast.connectors.kafka;

import io.tablecast.connectors.security.PasswordSource;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.security.JaasContext;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaSecurityTest {
    @Test
    void plaintextAddsNothing() {
        assertThat(KafkaSecurity.plaintext().clientProperties()).isEmpty();
    }

    @Test
    void tlsTrustsThePemFile() {
        Properties p = KafkaSecurity.tls("/etc/ca.pem").clientProperties();
        assertThat(p).containsEntry("security.protocol", "SSL").containsEntry("ssl.truststore.type", "PEM")
                .containsEntry("ssl.truststore.location", "/etc/ca.pem").doesNotContainKey("sasl.jaas.config");
    }

    @Test
    void theClientPropertiesHoldWhereThePasswordIsAndKafkaResolvesItWhenTheClientIsMade(@TempDir Path dir)
            throws Exception {
        String password = "pa\"ss\\word with spaces";  // both characters that could end a JAAS quoted value
        Path file = Files.writeString(dir.resolve("kafka.password"), password + "\n");
        Properties p = KafkaSecurity.saslSsl("SCRAM-SHA-512", "tablecast",
                PasswordSource.file("Kafka SASL password", file.toString()), null).clientProperties();
        assertThat(p.toString()).doesNotContain("pa\"ss").contains(file.toString());
        assertThat(p.getProperty("sasl.jaas.config")).isEqualTo("${tablecast:sasl.jaas.config}");

        // What a consumer made on a TaskManager sees: Kafka's own config resolution, through the provider.
        p.put("bootstrap.servers", "127.0.0.1:1");
        p.put("key.deserializer", ByteArrayDeserializer.class.getName());
        p.put("value.deserializer", ByteArrayDeserializer.class.getName());
        var options = JaasContext.loadClientContext(new ConsumerConfig(p).values()).configurationEntries().get(0);
        assertThat(options.getLoginModuleName()).isEqualTo("org.apache.kafka.common.security.scram.ScramLoginModule");
        assertThat(options.getOptions().get("username")).isEqualTo("tablecast");
        assertThat(options.getOptions().get("password")).isEqualTo(password);
    }

    @Test
    void aMissingPasswordFailsTheClientNamingWhereItLookedNotAValue() {
        Properties p = KafkaSecurity.saslSsl("PLAIN", "u",
                PasswordSource.environment("Kafka SASL password", "TABLECAST_TEST_UNSET_VARIABLE"), null)
                .clientProperties();
        p.put("bootstrap.servers", "127.0.0.1:1");
        p.put("key.deserializer", ByteArrayDeserializer.class.getName());
        p.put("value.deserializer", ByteArrayDeserializer.class.getName());
        assertThatThrownBy(() -> new ConsumerConfig(p)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("TABLECAST_TEST_UNSET_VARIABLE");
    }

    @Test
    void anUnknownMechanismIsRefused() {
        assertThatThrownBy(() -> KafkaSecurity.saslSsl("GSSAPI", "u",
                PasswordSource.environment("Kafka SASL password", "X"), null))
                .hasMessageContaining("GSSAPI");
        assertThat(SaslPasswordConfigProvider.quoted("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
    }
}
