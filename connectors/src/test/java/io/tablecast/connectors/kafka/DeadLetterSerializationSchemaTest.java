package io.tablecast.connectors.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tablecast.connectors.model.DeadLetter;
import org.apache.commons.codec.digest.DigestUtils;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeadLetterSerializationSchemaTest {
    private final DeadLetterSerializationSchema schema = new DeadLetterSerializationSchema("dlq", 1024);

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
        assertThat(json.get("raw_length").asInt()).isEqualTo(7);
        assertThat(json.get("raw_truncated").asBoolean()).isFalse();
        assertThat(json.get("raw_sha256").asText())
                .isEqualTo("015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862");
    }

    @Test
    void aHugeRecordIsCutToTheCapWithItsLengthAndHashKept() throws Exception {
        byte[] raw = "é".repeat(5_000_000).getBytes(StandardCharsets.UTF_8);  // 10 MB of two-byte characters
        ProducerRecord<byte[], byte[]> record = schema.serialize(new DeadLetter("record of 10000000 bytes is larger "
                + "than the limit", "transactions", 0, 5L, raw), null, null);
        assertThat(record.value().length).isLessThan(4 * 1024);
        JsonNode json = new ObjectMapper().readTree(record.value());
        assertThat(json.get("raw_length").asInt()).isEqualTo(10_000_000);
        assertThat(json.get("raw_truncated").asBoolean()).isTrue();
        assertThat(json.get("raw_sha256").asText()).isEqualTo(DigestUtils.sha256Hex(raw));
        byte[] kept = Base64.getDecoder().decode(json.get("raw_base64").asText());
        assertThat(kept).hasSize(1024).isEqualTo(Arrays.copyOf(raw, 1024));
        // The text is cut at a character boundary, never inside one.
        assertThat(json.get("raw_text").asText()).isEqualTo("é".repeat(512));
    }

    @Test
    void aCutThatWouldSplitACharacterStepsBackToItsStart() throws Exception {
        byte[] raw = ("ab" + "€".repeat(1000)).getBytes(StandardCharsets.UTF_8);  // byte 1024 is inside a '€' 
        JsonNode json = new ObjectMapper().readTree(
                schema.serialize(new DeadLetter("r", "t", 0, 1L, raw), null, null).value());
        assertThat(json.get("raw_text").asText()).isEqualTo("ab" + "€".repeat(340));
        assertThat(Base64.getDecoder().decode(json.get("raw_base64").asText())).hasSize(2 + 3 * 340);
    }

    @Test
    void aReasonIsPrintableAndBounded() throws Exception {
        String reason = "'txn_id' 'a\ud800' " + "x".repeat(5000);
        JsonNode json = new ObjectMapper().readTree(
                schema.serialize(new DeadLetter(reason, "t", 0, 1L, null), null, null).value());
        assertThat(json.get("reason").asText()).startsWith("'txn_id' 'a\\ud800' xxx").endsWith("...")
                .hasSize(DeadLetterSerializationSchema.MAX_REASON_CHARS + 3);
    }

    @Test
    void refusesACapThatCouldExceedTheRequestSize() {
        assertThatThrownBy(() -> new DeadLetterSerializationSchema("dlq", 1024 * 1024))
                .hasMessageContaining("maxRawBytes 1048576 is outside [1024, 131072]");
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
