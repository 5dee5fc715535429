package io.tablecast.job.tools;

import picocli.CommandLine.Option;

import java.util.Properties;

/**
 * Where the tools find Kafka; the default matches scripts/stack. Security settings come from the job configuration
 * named by TABLECAST_JOB_CONFIG ({@link JobConnections}).
 */
final class KafkaOptions {
    @Option(names = "--bootstrap-servers", defaultValue = "${env:KAFKA_BOOTSTRAP:-127.0.0.1:${env:KAFKA_PORT:-9092}}",
            description = "Kafka brokers (default: ${DEFAULT-VALUE}).")
    String bootstrap;

    /** Client properties: the brokers and, when configured, the job's security settings. */
    Properties client() {
        return JobConnections.kafka(bootstrap);
    }
}
