package io.tablecast.job.tools;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/** Reads a whole topic, as it stands when the read begins, without joining a consumer group. */
public final class TopicReader {
    private TopicReader() {}

    /**
     * Every record up to the end offsets found at the start, in partition order.
     *
     * @param isolation "read_committed" (what a transactional producer has committed) or "read_uncommitted"
     */
    public static void readAll(String bootstrap, String topic, String isolation,
                               Consumer<ConsumerRecord<byte[], byte[]>> out) {
        Properties client = new Properties();
        client.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        readAll(client, topic, isolation, out);
    }

    /** As above, with client properties that name the brokers and may add security settings. */
    public static void readAll(Properties client, String topic, String isolation,
                               Consumer<ConsumerRecord<byte[], byte[]>> out) {
        Properties props = new Properties();
        props.putAll(client);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    out.accept(r);
                }
            }
        }
    }
}
