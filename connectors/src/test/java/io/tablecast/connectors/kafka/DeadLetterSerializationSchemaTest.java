package io.tablecast.connectors.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tablecast.connectors.model.DeadLetter;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class DeadLetterSerializationSchemaTest {
    private final DeadLetterSerializationSchema schema = new DeadLetterSerializationSchema("dlq");

    @Test
    void keepsReasonOriginAndTheExactRawBytes() throws Exception {
        ProducerRecord<byte[], byte[]> record = schema.serialize(
                new DeadLetter("bad amount", "transactions", 3, 42L, "{\"a\":1}".getBytes(StandardCharsets.UTF_8)),
                null, 1000L);
        JsonNode json = new ObjectMapper().readTree(record.value());
        assertThat(record.topic()).isEqualTo("dlq");
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("transactions-3-42");
        assertThat(json.get("reason").asText()).isEqualTo("bad amount");
        assertThat(json.get("source_partition").asInt()).isEqualTo(3);
        assertThat(json.get("source_offset").asLong()).isEqualTo(42L);
        assertThat(json.get("raw_text").asText()).isEqualTo("{\"a\":1}");
    }

    @Test
    void bytesThatAreNotUtf8AreKeptAsBase64Only() throws Exception {
        byte[] raw = {(byte) 0xff, (byte) 0xfe, 0x00, 0x41};
        JsonNode json = new ObjectMapper().readTree(
                schema.serialize(new DeadLetter("not valid JSON", "t", 0, 1L, raw), null, null).value());
        assertThat(json.has("raw_text")).isFalse();
        assertThat(Base64.getDecoder().decode(json.get("raw_base64").asText())).isEqualTo(raw);
    }

    @Test
    void aTombstoneHasNoRawFields() throws Exception {
        JsonNode json = new ObjectMapper().readTree(
                schema.serialize(new DeadLetter("empty record", "t", 0, 1L, null), null, null).value());
        assertThat(json.get("reason").asText()).isEqualTo("empty record");
        assertThat(json.has("raw_base64")).isFalse();
    }
}
