package io.tablecast.connectors.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tablecast.connectors.kafka.internal.SafeText;
import io.tablecast.connectors.model.DeadLetter;
import org.apache.commons.codec.digest.DigestUtils;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

/**
 * Writes a {@link DeadLetter} as one JSON object: {@code reason}, {@code source_topic}, {@code source_partition},
 * {@code source_offset}, {@code raw_length} and {@code raw_sha256} of the whole raw record, and its first
 * {@code maxRawBytes} bytes as {@code raw_base64} (exact) and, when they are UTF-8, as {@code raw_text} (readable);
 * {@code raw_truncated} says whether that is all of it. The Kafka key is {@code topic-partition-offset}, which
 * names the source record uniquely.
 *
 * <p>The cap keeps every dead letter under the producer's and broker's default 1 MiB request size, whatever was
 * read: a dead letter that cannot be written would stop the job on the very record it is meant to set aside.
 */
public final class DeadLetterSerializationSchema implements KafkaRecordSerializationSchema<DeadLetter> {
    private static final long serialVersionUID = 2L;

    public static final int MIN_RAW_BYTES = 1024;
    /** Base64 (4/3) plus JSON-escaped text (6 bytes for a control character) of this many bytes stays below 1 MiB. */
    public static final int MAX_RAW_BYTES = 128 * 1024;
    public static final int MAX_REASON_CHARS = 1000;

    private final String topic;
    private final int maxRawBytes;
    private transient ObjectMapper mapper;

    public DeadLetterSerializationSchema(String topic, int maxRawBytes) {
        if (maxRawBytes < MIN_RAW_BYTES || maxRawBytes > MAX_RAW_BYTES) {
            throw new IllegalArgumentException("maxRawBytes " + maxRawBytes + " is outside [" + MIN_RAW_BYTES + ", "
                    + MAX_RAW_BYTES + "]");
        }
        this.topic = topic;
        this.maxRawBytes = maxRawBytes;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(DeadLetter letter, KafkaSinkContext context, Long timestamp) {
        if (mapper == null) {
            mapper = new ObjectMapper();
        }
        ObjectNode json = mapper.createObjectNode();
        json.put("reason", SafeText.excerpt(String.valueOf(letter.reason), MAX_REASON_CHARS));
        json.put("source_topic", letter.sourceTopic);
        json.put("source_partition", letter.sourcePartition);
        json.put("source_offset", letter.sourceOffset);
        if (letter.raw != null) {
            byte[] raw = letter.raw;
            boolean truncated = raw.length > maxRawBytes;
            int kept = truncated ? SafeText.utf8Boundary(raw, maxRawBytes) : raw.length;
            if (SafeText.utf8OrNull(raw, kept) == null) {
                kept = Math.min(raw.length, maxRawBytes);  // not text: keep as many bytes as allowed
            }
            json.put("raw_length", raw.length);
            json.put("raw_sha256", DigestUtils.sha256Hex(raw));
            json.put("raw_truncated", truncated);
            json.put("raw_base64", Base64.getEncoder().encodeToString(truncated ? Arrays.copyOf(raw, kept) : raw));
            String text = SafeText.utf8OrNull(raw, kept);
            if (text != null) {
                json.put("raw_text", text);
            }
        }
        byte[] key = (letter.sourceTopic + "-" + letter.sourcePartition + "-" + letter.sourceOffset)
                .getBytes(StandardCharsets.UTF_8);
        try {
            return new ProducerRecord<>(topic, null, timestamp, key, mapper.writeValueAsBytes(json));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize dead letter " + letter, e);
        }
    }
}
