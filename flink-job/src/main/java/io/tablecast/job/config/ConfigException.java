package io.tablecast.job.config;

/** A configuration error; the message always names the key at fault. */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigException(String key, String problem) {
        super("configuration key '" + key + "': " + problem);
    }
}
