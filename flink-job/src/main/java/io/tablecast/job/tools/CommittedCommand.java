package io.tablecast.job.tools;

import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
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
 * How far a consumer group has committed through a topic, as a fraction of its end offsets: the job commits at each
 * completed checkpoint, so this is the share of the topic it will not read again.
 */
@Command(name = "committed", mixinStandardHelpOptions = true,
        description = "Print the share (0-1) of a topic a consumer group has committed.")
final class CommittedCommand implements Callable<Integer> {
    @Mixin
    KafkaOptions kafka;

    @Option(names = "--topic", required = true, description = "Topic.")
    String topic;

    @Option(names = "--group", required = true, description = "Consumer group (the job's kafka.group-id).")
    String group;

    @Override
    public Integer call() throws Exception {
        try (AdminClient admin = AdminClient.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrap))) {
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
            System.out.printf("%.3f%n", end == 0 ? 1.0 : done / (double) end);
        }
        return 0;
    }
}
