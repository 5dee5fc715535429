package io.tablecast.connectors.cql;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Where the CQL password is, not what it is: an environment variable or a file, read when a connection is made — on
 * the TaskManager, for the job's sinks. The job graph, the submitting command's arguments and the web UI's view of
 * the configuration therefore never hold the secret itself.
 */
public final class PasswordSource implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String environmentVariable;
    private final String file;

    private PasswordSource(String environmentVariable, String file) {
        this.environmentVariable = environmentVariable;
        this.file = file;
    }

    public static PasswordSource environment(String variable) {
        return new PasswordSource(variable, null);
    }

    public static PasswordSource file(String path) {
        return new PasswordSource(null, path);
    }

    /** Reads the password from the process environment or the file; fails naming where it looked, never the value. */
    public String read() {
        return read(System::getenv);
    }

    /** As {@link #read()}, looking variables up in the given environment. */
    public String read(Function<String, String> environment) {
        if (file != null) {
            try {
                String text = Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
                if (text.isEmpty()) {
                    throw new IllegalStateException("the CQL password file " + file + " is empty");
                }
                return text;
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the CQL password file " + file + ": "
                        + e.getClass().getSimpleName());
            }
        }
        String value = environment.apply(environmentVariable);
        if (value == null || value.isEmpty()) {
            throw new IllegalStateException("the CQL password environment variable " + environmentVariable
                    + " is not set in this process");
        }
        return value;
    }

    @Override
    public String toString() {
        return file != null ? "file " + file : "environment variable " + environmentVariable;
    }
}
