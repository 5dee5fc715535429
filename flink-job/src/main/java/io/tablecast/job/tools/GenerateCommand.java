package io.tablecast.job.tools;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Write synthetic transactions as JSON lines (to --out, or standard output).")
final class GenerateCommand implements Callable<Integer> {
    @Option(names = "--out", description = "File to write; default: standard output.")
    Path out;

    @Option(names = "--start", description = "First instant (ISO-8601); default: --hours before now.")
    Instant start;

    @Option(names = "--hours", defaultValue = "24", description = "Hours of traffic (default: ${DEFAULT-VALUE}).")
    long hours;

    @Option(names = "--per-hour", defaultValue = "1000", description = "Mean records per hour (default: ${DEFAULT-VALUE}).")
    double perHour;

    @Option(names = "--users", defaultValue = "1000", description = "Distinct users (default: ${DEFAULT-VALUE}).")
    int users;

    @Option(names = "--zipf", defaultValue = "1.1", description = "Zipf exponent of user activity (default: ${DEFAULT-VALUE}).")
    double zipf;

    @Option(names = "--segments", split = ",", defaultValue = "retail,premium,smb",
            description = "Segments users are spread over (default: ${DEFAULT-VALUE}).")
    List<String> segments;

    @Option(names = "--malformed-share", defaultValue = "0.02",
            description = "Share of deliberately malformed records (default: ${DEFAULT-VALUE}).")
    double malformedShare;

    @Option(names = "--holidays", split = ",", description = "Dates (yyyy-MM-dd) with a holiday dip.")
    List<LocalDate> holidays = List.of();

    @Option(names = "--promotions", split = ",", description = "Dates (yyyy-MM-dd) with a promotion spike.")
    List<LocalDate> promotions = List.of();

    @Option(names = "--seed", defaultValue = "42", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws IOException {
        TransactionGenerator.Settings s = new TransactionGenerator.Settings();
        s.span = Duration.ofHours(hours);
        s.start = start != null ? start : Instant.now().minus(s.span);
        s.meanPerHour = perHour;
        s.users = users;
        s.zipfExponent = zipf;
        s.segments = segments;
        s.malformedShare = malformedShare;
        s.holidays = holidays.stream().collect(Collectors.toSet());
        s.promotions = promotions.stream().collect(Collectors.toSet());
        s.seed = seed;
        long[] counts = new long[2];
        try (Writer w = out == null
                ? new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8))
                : Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            new TransactionGenerator(s).generate(line -> {
                try {
                    w.write(line.json);
                    w.write('\n');
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                counts[line.malformed ? 1 : 0]++;
            });
        }
        System.err.printf("generated %d records (%d valid, %d malformed) from %s over %d h%n",
                counts[0] + counts[1], counts[0], counts[1], s.start, hours);
        return 0;
    }
}
