package io.tablecast.job.tools;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** What scripts/segments refuses before anything reaches Kafka (no broker listens on the port given). */
class SegmentsCommandTest {
    private static final String NO_BROKER = "127.0.0.1:1";

    private static String refused(String... args) {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertThat(new CommandLine(new Tools()).execute(args)).isEqualTo(2);
        } finally {
            System.setErr(err);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void rulesThatTheJobWouldRefuseAreRefusedHereWithTheSameReason(@TempDir Path dir) throws Exception {
        Path rules = Files.writeString(dir.resolve("rules.json"), "{\"default\": \"casual\", \"rules\": ["
                + "{\"segment\": \"x\", \"when\": {\"speed\": {\"min\": 1}}}]}");
        assertThat(refused("segments", "publish-rules", "--bootstrap-servers", NO_BROKER, "--file", rules.toString(),
                "--from", "2026-12-01T00:00:00Z")).contains("rules[0].when.speed: unknown feature");
    }

    @Test
    void aProfileTheJobWouldRefuseIsRefusedHere() {
        assertThat(refused("segments", "profile", "--bootstrap-servers", NO_BROKER, "--user", "ann",
                "--segment", "not a segment")).contains("'segment' 'not a segment' is not a segment id");
        assertThat(refused("segments", "profile", "--bootstrap-servers", NO_BROKER, "--user", "ann",
                "--attribute", "a-b=1")).contains("attribute name 'a-b'");
        assertThat(refused("segments", "profile", "--bootstrap-servers", NO_BROKER, "--user", "ann", "--delete",
                "--segment", "vip")).contains("--delete takes no --segment");
    }
}
