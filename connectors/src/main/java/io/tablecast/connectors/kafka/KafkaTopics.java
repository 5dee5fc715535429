package io.tablecast.connectors.kafka;

import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;

import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Checks before a job starts that the topics it reads and writes exist. Without the check, a missing dead-letter
 * topic on a broker that does not auto-create topics makes the producer wait for metadata and the job restart in a
 * loop, long after the mistake was made.
 */
public final class KafkaTopics {
    private KafkaTopics() {}

    /**
     * @param security how to authenticate to the brokers
     * @param topicsByKey configuration key → topic name, so the error can name the key
     * @throws IllegalStateException naming every missing topic and its key, or the brokers when they cannot be reached
     */
    public static void requireExist(String bootstrap, KafkaSecurity security, Map<String, String> topicsByKey) {
        Set<String> existing;
        Properties client = security.clientProperties();
        client.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        client.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        try (AdminClient admin = AdminClient.create(client)) {
            existing = new HashSet<>(admin.listTopics().names().get(30, TimeUnit.SECONDS));
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot list topics on Kafka brokers " + bootstrap + ": " + e.getMessage(),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while listing Kafka topics", e);
        }
        StringBuilder missing = new StringBuilder();
        topicsByKey.forEach((key, topic) -> {
            if (!existing.contains(topic)) {
                missing.append(missing.length() == 0 ? "" : "; ").append("topic '").append(topic)
                        .append("' (configuration key '").append(key).append("') does not exist");
            }
        });
        if (missing.length() > 0) {
            throw new IllegalStateException(missing + " on " + bootstrap
                    + "; create it (scripts/stack up creates the default topics)");
        }
    }
}
