package io.tablecast.connectors.kafka;

import io.tablecast.connectors.security.PasswordSource;
import org.apache.kafka.common.config.ConfigData;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.provider.ConfigProvider;

import java.util.Map;
import java.util.Set;

/**
 * A Kafka config provider that makes the SASL login line ({@code sasl.jaas.config}) when a client is created, with the
 * password read at that moment from an environment variable or a file. Kafka resolves {@code ${tablecast:...}} in
 * client properties through it, so the properties a job carries in its graph name where the password is, never the
 * password. Made by {@link KafkaSecurity}; public only because Kafka instantiates it by class name.
 */
public final class SaslPasswordConfigProvider implements ConfigProvider {
    static final String JAAS_KEY = "sasl.jaas.config";

    private static final String MECHANISM = "mechanism";
    private static final String USERNAME = "username";
    private static final String PASSWORD_ENV = "password-env";
    private static final String PASSWORD_FILE = "password-file";

    private String mechanism;
    private String username;
    private PasswordSource password;

    /** The provider parameters that describe a login: mechanism, user and where the password is. */
    static Map<String, String> describe(String mechanism, String username, PasswordSource password) {
        return Map.of(MECHANISM, mechanism, USERNAME, username,
                password.isFile() ? PASSWORD_FILE : PASSWORD_ENV, password.location());
    }

    @Override
    public void configure(Map<String, ?> configs) {
        mechanism = text(configs, MECHANISM);
        username = text(configs, USERNAME);
        Object file = configs.get(PASSWORD_FILE);
        password = file != null ? PasswordSource.file("Kafka SASL password", file.toString())
                : PasswordSource.environment("Kafka SASL password", text(configs, PASSWORD_ENV));
    }

    @Override
    public ConfigData get(String path) {
        return get(path, Set.of(JAAS_KEY));
    }

    @Override
    public ConfigData get(String path, Set<String> keys) {
        if (!keys.equals(Set.of(JAAS_KEY))) {
            throw new ConfigException("the tablecast config provider only gives " + JAAS_KEY + ", not " + keys);
        }
        String module = mechanism.equals("PLAIN") ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                : "org.apache.kafka.common.security.scram.ScramLoginModule";
        String line;
        try {
            line = module + " required username=" + quoted(username) + " password=" + quoted(password.read()) + ";";
        } catch (IllegalStateException e) {
            throw new ConfigException(e.getMessage());
        }
        return new ConfigData(Map.of(JAAS_KEY, line));
    }

    /** A JAAS option value: quoted, with the two characters that could end it escaped. */
    static String quoted(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    private static String text(Map<String, ?> configs, String key) {
        Object value = configs.get(key);
        if (value == null || value.toString().isEmpty()) {
            throw new ConfigException("the tablecast config provider needs its parameter '" + key + "'");
        }
        return value.toString();
    }

    @Override
    public void close() {}
}
