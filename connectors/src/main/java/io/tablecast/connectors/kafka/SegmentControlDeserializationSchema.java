package io.tablecast.connectors.kafka;

import io.tablecast.connectors.model.SegmentControl;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads user profiles and segment-rule versions from their topics ({@link SegmentControlParser}). Never throws on bad
 * input: every record comes out, accepted or with its reason, carrying its origin and raw bytes for the dead-letter
 * topic.
 */
public final class SegmentControlDeserializationSchema implements KafkaRecordDeserializationSchema<SegmentControl> {
    private static final long serialVersionUID = 1L;

    private final String profilesTopic;
    private final String rulesTopic;
    private transient SegmentControlParser parser;

    public SegmentControlDeserializationSchema(String profilesTopic, String rulesTopic) {
        this.profilesTopic = profilesTopic;
        this.rulesTopic = rulesTopic;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        parser = new SegmentControlParser(profilesTopic, rulesTopic);
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<SegmentControl> out) {
        if (parser == null) {
            parser = new SegmentControlParser(profilesTopic, rulesTopic);
        }
        SegmentControl control = parser.parse(record.topic(), record.key(), record.value(),
                TransactionParser.arrivalMillis(record.timestamp()));
        control.topic = record.topic();
        control.partition = record.partition();
        control.offset = record.offset();
        control.raw = record.value();
        out.collect(control);
    }

    @Override
    public TypeInformation<SegmentControl> getProducedType() {
        return TypeInformation.of(SegmentControl.class);
    }
}
