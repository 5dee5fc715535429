package io.tablecast.job.tools;

import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * How far a consumer group has committed through a topic: the sum of its committed offsets over the partitions, then
 * the sum of their end offsets. The job commits at each completed checkpoint, so the first is how many records it
 * will not read again (offsets count records in a topic no transactional producer writes).
 */
@Command(name = "committed", mixinStandardHelpOptions = true,
        description = "Print the offsets a consumer group has committed in a topic and the topic's end offsets"
                + " (each summed over partitions).")
final class CommittedCommand implements Callable<Integer> {
    @Mixin
    KafkaOptions kafka;

    @Option(names = "--topic", required = true, description = "Topic.")
    String topic;

    @Option(names = "--group", required = true, description = "Consumer group (the job's kafka.group-id).")
    String group;

    @Override
    public Integer call() throws Exception {
        try (AdminClient admin = AdminClient.create(kafka.client())) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                    .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            long end = 0;
            long done = 0;
            for (var e : admin.listOffsets(latest).all().get().entrySet()) {
                end += e.getValue().offset();
                OffsetAndMetadata c = committed.get(e.getKey());
                done += c == null ? 0 : c.offset();
            }
            System.out.println(done + " " + end);
        }
        return 0;
    }
}
