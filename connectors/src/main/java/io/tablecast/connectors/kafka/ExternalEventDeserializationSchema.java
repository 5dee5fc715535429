package io.tablecast.connectors.kafka;

import io.tablecast.connectors.model.EventNotice;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads external events (holidays, promotions, news) from Kafka. Never throws on bad input: every record comes out
 * as an {@link EventNotice}, accepted or with its reason, carrying its origin and raw bytes for the dead-letter topic.
 * A record's Kafka timestamp is when the event was announced, unless the record names that time itself.
 */
public final class ExternalEventDeserializationSchema implements KafkaRecordDeserializationSchema<EventNotice> {
    private static final long serialVersionUID = 1L;

    private transient ExternalEventParser parser;

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        parser = new ExternalEventParser();
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<EventNotice> out) {
        if (parser == null) {
            parser = new ExternalEventParser();
        }
        EventNotice notice = parser.parse(record.value(), TransactionParser.arrivalMillis(record.timestamp()));
        notice.topic = record.topic();
        notice.partition = record.partition();
        notice.offset = record.offset();
        notice.raw = record.value();
        out.collect(notice);
    }

    @Override
    public TypeInformation<EventNotice> getProducedType() {
        return TypeInformation.of(EventNotice.class);
    }
}
