package io.tablecast.job;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The jar users submit holds the job and what it runs on, and nothing of the tools: no command-line parser, no
 * generators or benchmarks, no forecasting evaluation, no local runner. (An ITCase because the jar exists only after
 * the package phase.)
 */
class JobJarITCase {
    @Test
    void holdsTheJobAndNoTools() throws IOException {
        try (JarFile jar = new JarFile(Path.of("target", "tablecast-job.jar").toFile())) {
            List<String> entries = jar.stream().map(e -> e.getName()).collect(Collectors.toList());
            assertThat(entries).contains("io/tablecast/job/TransactionIngestJob.class",
                    "io/tablecast/job/schedule/WindowScheduler.class",
                    "io/tablecast/forecasting/SegmentForecaster.class",
                    "io/tablecast/connectors/cql/ShardedTableSink.class");
            assertThat(entries).noneMatch(e -> e.startsWith("io/tablecast/job/tools/"))
                    .noneMatch(e -> e.startsWith("io/tablecast/forecasting/cli/"))
                    .noneMatch(e -> e.startsWith("io/tablecast/job/LocalRunner"))
                    .noneMatch(e -> e.startsWith("picocli/"));
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo(TransactionIngestJob.class.getName());
        }
    }
}
