package io.tablecast.connectors.security;

import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Where a password is, not what it is: an environment variable or a file, read when a connection is made — on the
 * TaskManager for the job's sinks and sources. The job graph, the submitting command's arguments and the web UI's
 * view of the configuration therefore never hold the secret itself. Messages name where it looked, never a value.
 */
public final class PasswordSource implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String what;
    private final String environmentVariable;
    private final String file;

    private PasswordSource(String what, String environmentVariable, String file) {
        this.what = what;
        this.environmentVariable = environmentVariable;
        this.file = file;
    }

    /** @param what what the password is for, in messages ("CQL password") */
    public static PasswordSource environment(String what, String variable) {
        return new PasswordSource(what, variable, null);
    }

    /** @param what what the password is for, in messages ("CQL password") */
    public static PasswordSource file(String what, String path) {
        return new PasswordSource(what, null, path);
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
                    throw new IllegalStateException("the " + what + " file " + file + " is empty");
                }
                return text;
            } catch (IOException e) {
                throw new IllegalStateException("cannot read the " + what + " file " + file + ": "
                        + e.getClass().getSimpleName());
            }
        }
        String value = environment.apply(environmentVariable);
        if (value == null || value.isEmpty()) {
            throw new IllegalStateException("the " + what + " environment variable " + environmentVariable
                    + " is not set in this process");
        }
        return value;
    }

    public boolean isFile() {
        return file != null;
    }

    /** The file's path or the variable's name. */
    public String location() {
        return file != null ? file : environmentVariable;
    }

    @Override
    public String toString() {
        return file != null ? "file " + file : "environment variable " + environmentVariable;
    }
}
