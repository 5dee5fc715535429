package io.tablecast.connectors.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tablecast.connectors.model.DeadLetter;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Writes a {@link DeadLetter} as one JSON object: {@code reason}, {@code source_topic}, {@code source_partition},
 * {@code source_offset}, the raw bytes as {@code raw_base64} (exact) and, when they are UTF-8, as {@code raw_text}
 * (readable). The Kafka key is {@code topic-partition-offset}, which names the source record uniquely.
 */
public final class DeadLetterSerializationSchema implements KafkaRecordSerializationSchema<DeadLetter> {
    private static final long serialVersionUID = 1L;

    private final String topic;
    private transient ObjectMapper mapper;

    public DeadLetterSerializationSchema(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(DeadLetter letter, KafkaSinkContext context, Long timestamp) {
        if (mapper == null) {
            mapper = new ObjectMapper();
        }
        ObjectNode json = mapper.createObjectNode();
        json.put("reason", letter.reason);
        json.put("source_topic", letter.sourceTopic);
        json.put("source_partition", letter.sourcePartition);
        json.put("source_offset", letter.sourceOffset);
        if (letter.raw != null) {
            json.put("raw_base64", Base64.getEncoder().encodeToString(letter.raw));
            String text = utf8OrNull(letter.raw);
            if (text != null) {
                json.put("raw_text", text);
            }
        }
        byte[] key = (letter.sourceTopic + "-" + letter.sourcePartition + "-" + letter.sourceOffset)
                .getBytes(StandardCharsets.UTF_8);
        try {
            return new ProducerRecord<>(topic, null, timestamp, key, mapper.writeValueAsBytes(json));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize dead letter " + letter, e);
        }
    }

    private static String utf8OrNull(byte[] raw) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
