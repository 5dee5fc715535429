package io.tablecast.job.testing;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the project's own scripts from an integration test, as a user would from the repository root. */
public final class Scripts {
    public static final Path REPO = Path.of("..").toAbsolutePath().normalize();

    private Scripts() {}

    /** What a script printed on stdout and how it exited; its stderr is in the log file the caller named. */
    public static final class Outcome {
        public final String stdout;
        public final int exitCode;

        Outcome(String stdout, int exitCode) {
            this.stdout = stdout;
            this.exitCode = exitCode;
        }
    }

    /** Runs a script with extra environment variables; fails when it does not finish in time. */
    public static Outcome run(List<String> command, Map<String, String> environment, Path log, Duration timeout)
            throws IOException, InterruptedException {
        Files.createDirectories(log.toAbsolutePath().getParent());
        File stdout = Files.createTempFile("script", ".out").toFile();
        List<String> full = new ArrayList<>(command);
        full.set(0, REPO.resolve(command.get(0)).toString());
        ProcessBuilder builder = new ProcessBuilder(full).directory(REPO.toFile()).redirectOutput(stdout)
                .redirectError(log.toAbsolutePath().toFile());
        // Inside this Maven build the jar and classes are fresh; a nested build would clean them away under it.
        builder.environment().put("TABLECAST_SKIP_BUILD", "1");
        builder.environment().putAll(environment);
        Process p = builder.start();
        if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(command + " did not finish in " + timeout + "; see " + log.toAbsolutePath());
        }
        String out = Files.readString(stdout.toPath(), StandardCharsets.UTF_8);
        Files.delete(stdout.toPath());
        return new Outcome(out, p.exitValue());
    }

    /** As {@link #run}, failing with the log's path when the script exits non-zero; returns its stdout. */
    public static String succeed(List<String> command, Map<String, String> environment, Path log, Duration timeout)
            throws IOException, InterruptedException {
        Outcome outcome = run(command, environment, log, timeout);
        if (outcome.exitCode != 0) {
            throw new AssertionError(command + " exited with " + outcome.exitCode + "; see " + log.toAbsolutePath());
        }
        return outcome.stdout;
    }
}
