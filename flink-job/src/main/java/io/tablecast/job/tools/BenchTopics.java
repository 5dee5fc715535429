package io.tablecast.job.tools;

import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** The throwaway topics of one benchmark run: made fresh, filled, deleted at the end. */
final class BenchTopics implements AutoCloseable {
    private final String bootstrap;
    private final List<String> made = new ArrayList<>();

    BenchTopics(String bootstrap) {
        this.bootstrap = bootstrap;
    }

    void create(String... topics) throws Exception {
        try (AdminClient admin = admin()) {
            List<NewTopic> newTopics = new ArrayList<>();
            for (String topic : topics) {
                newTopics.add(new NewTopic(topic, 4, (short) 1));
            }
            admin.createTopics(newTopics).all().get();
        }
        made.addAll(List.of(topics));
        // Give the new partitions a moment to elect leaders before the first produce.
        Thread.sleep(2000);
    }

    KafkaProducer<byte[], byte[]> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ProducerConfig.LINGER_MS_CONFIG, "5");
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "1");
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Override
    public void close() throws Exception {
        delete(made);
    }

    private void delete(Collection<String> topics) throws Exception {
        if (!topics.isEmpty()) {
            try (AdminClient admin = admin()) {
                admin.deleteTopics(topics).all().get();
            }
        }
    }

    private AdminClient admin() {
        return AdminClient.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
    }
}
