package io.tablecast.connectors.kafka;

import io.tablecast.connectors.model.SourceRecord;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads transaction JSON from Kafka. It never throws on bad input: every record comes out as a {@link SourceRecord},
 * accepted or rejected with a reason, carrying its topic, partition, offset and raw bytes. The record's Kafka
 * timestamp is the reference of the time rules, so a record read again after a restart meets the same fate.
 */
public final class TransactionDeserializationSchema implements KafkaRecordDeserializationSchema<SourceRecord> {
    private static final long serialVersionUID = 1L;

    private final ValidationRules rules;
    private transient TransactionParser parser;

    public TransactionDeserializationSchema(ValidationRules rules) {
        this.rules = rules;
    }

    @Override
    public void open(org.apache.flink.api.common.serialization.DeserializationSchema.InitializationContext context) {
        parser = new TransactionParser(rules);
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<SourceRecord> out) {
        if (parser == null) {
            parser = new TransactionParser(rules);
        }
        byte[] raw = record.value();
        TransactionParser.Result result = parser.parse(raw, TransactionParser.arrivalMillis(record.timestamp()));
        out.collect(result.txn != null
                ? SourceRecord.accepted(result.txn, record.topic(), record.partition(), record.offset(), raw)
                : SourceRecord.rejected(result.reason, record.topic(), record.partition(), record.offset(), raw));
    }

    @Override
    public TypeInformation<SourceRecord> getProducedType() {
        return TypeInformation.of(SourceRecord.class);
    }
}
