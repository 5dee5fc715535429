package io.tablecast.job.tools;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Produce a file of JSON lines into Kafka, one record per line, with a progress display.")
final class ReplayCommand implements Callable<Integer> {
    @Option(names = "--file", required = true, description = "JSON-lines file to produce.")
    Path file;

    @Option(names = "--rate", defaultValue = "0", description = "Records per second; 0: as fast as possible.")
    long rate;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--topic", defaultValue = "${env:TXN_TOPIC:-transactions}", description = "Topic (default: ${DEFAULT-VALUE}).")
    String topic;

    @Override
    public Integer call() throws Exception {
        long total;
        try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
            total = lines.count();
        }
        Properties props = kafka.client();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        AtomicLong acked = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        long started = System.nanoTime();
        Progress progress = new Progress("replay", total);
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
             BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            long sent = 0;
            for (String line; (line = reader.readLine()) != null; ) {
                if (failure.get() != null) {
                    break;
                }
                producer.send(new ProducerRecord<>(topic, line.getBytes(StandardCharsets.UTF_8)), (md, e) -> {
                    if (e != null) {
                        failure.compareAndSet(null, e);
                    } else {
                        acked.incrementAndGet();
                    }
                });
                sent++;
                if (rate > 0) {
                    long due = started + sent * 1_000_000_000L / rate;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                }
                progress.update(acked.get());
            }
            producer.flush();
        }
        progress.done(acked.get());
        if (failure.get() != null) {
            System.err.println("error: producing to " + topic + " failed: " + failure.get().getMessage());
            return 1;
        }
        return 0;
    }
}
