package io.tablecast.job.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tablecast.connectors.kafka.SegmentControlParser;
import io.tablecast.connectors.kafka.TransactionParser;
import io.tablecast.connectors.model.SegmentControl;
import io.tablecast.job.segments.SegmentRules;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;

/**
 * Publishes what the behavioral segments read while the job runs (docs/segments.md): a rules version or a user's
 * profile. Each is checked here as the job will check it, so a mistake is refused before it reaches the topic.
 */
@Command(name = "segments", mixinStandardHelpOptions = true,
        description = "Publish a segment rules version or a user profile for a running job.",
        subcommands = {SegmentsCommand.PublishRules.class, SegmentsCommand.Profile.class})
final class SegmentsCommand implements Runnable {
    @Override
    public void run() {
        System.err.println("name a subcommand: publish-rules or profile (scripts/segments --help)");
    }

    @Command(name = "publish-rules", mixinStandardHelpOptions = true,
            description = "Publish a rules file as the version in force from --from (for decisions of days starting"
                    + " then or later).")
    static final class PublishRules implements Callable<Integer> {
        @Option(names = "--file", required = true, description = "The rules (JSON, as for segments.rules-file).")
        Path file;

        @Option(names = "--from", required = true,
                description = "Effective from (ISO-8601 instant); publish a day ahead of it.")
        Instant from;

        @Option(names = "--topic", defaultValue = "${env:RULES_TOPIC:-segment-rules}",
                description = "Rules topic (default: ${DEFAULT-VALUE}).")
        String topic;

        @Mixin
        KafkaOptions kafka;

        @Override
        public Integer call() throws Exception {
            String rules = Files.readString(file);
            try {
                SegmentRules.parse(rules, file.toString());
            } catch (IllegalArgumentException e) {
                System.err.println("error: " + e.getMessage());
                return 2;
            }
            ObjectMapper json = new ObjectMapper();
            ObjectNode version = json.createObjectNode();
            version.put("effective_from", from.toString());
            version.set("rules", json.readTree(rules));
            return publish(kafka, topic, "rules", json.writeValueAsString(version), new SegmentControlParser(
                    "-", topic));
        }
    }

    @Command(name = "profile", mixinStandardHelpOptions = true,
            description = "Publish a user's profile (replacing the one before), or delete it with --delete.")
    static final class Profile implements Callable<Integer> {
        @Option(names = "--user", required = true, description = "The user id (the record's key).")
        String user;

        @Option(names = "--segment", description = "Put the user in this segment whatever its behavior.")
        String segment;

        @Option(names = "--attribute", description = "An attribute the rules test as profile.<name>: name=value.")
        Map<String, String> attributes;

        @Option(names = "--from", description = "Effective from (ISO-8601 instant); default: when published.")
        Instant from;

        @Option(names = "--delete", description = "Delete the profile (a tombstone).")
        boolean delete;

        @Option(names = "--topic", defaultValue = "${env:PROFILES_TOPIC:-user-profiles}",
                description = "Profiles topic (default: ${DEFAULT-VALUE}).")
        String topic;

        @Mixin
        KafkaOptions kafka;

        @Override
        public Integer call() throws Exception {
            String value = null;
            if (!delete) {
                ObjectMapper json = new ObjectMapper();
                ObjectNode profile = json.createObjectNode();
                if (segment != null) {
                    profile.put("segment", segment);
                }
                if (attributes != null) {
                    attributes.forEach(profile.putObject("attributes")::put);
                }
                if (from != null) {
                    profile.put("effective_from", from.toString());
                }
                value = json.writeValueAsString(profile);
            } else if (segment != null || attributes != null || from != null) {
                System.err.println("error: --delete takes no --segment, --attribute or --from");
                return 2;
            }
            return publish(kafka, topic, user, value, new SegmentControlParser(topic, "-"));
        }
    }

    /** Checks the record as the job will read it, then produces it. */
    private static int publish(KafkaOptions kafka, String topic, String key, String value,
                               SegmentControlParser check) throws Exception {
        byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
        byte[] valueBytes = value == null ? null : value.getBytes(StandardCharsets.UTF_8);
        SegmentControl checked = check.parse(topic, keyBytes, valueBytes, TransactionParser.NO_ARRIVAL_TIME);
        if (!checked.isAccepted()) {
            System.err.println("error: " + checked.rejectReason);
            return 2;
        }
        Properties props = kafka.client();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer())) {
            var where = producer.send(new ProducerRecord<>(topic, keyBytes, valueBytes)).get();
            System.out.println("published to " + topic + " partition " + where.partition() + " offset "
                    + where.offset());
        }
        return 0;
    }
}
