package io.tablecast.job.tools;

import picocli.CommandLine.Option;

/** Where the tools find Kafka; the default matches scripts/stack. */
final class KafkaOptions {
    @Option(names = "--bootstrap-servers", defaultValue = "${env:KAFKA_BOOTSTRAP:-127.0.0.1:9092}",
            description = "Kafka brokers (default: ${DEFAULT-VALUE}).")
    String bootstrap;
}
