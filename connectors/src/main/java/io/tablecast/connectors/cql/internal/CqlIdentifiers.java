package io.tablecast.connectors.cql.internal;

import java.util.regex.Pattern;

/**
 * The only gate through which a name reaches CQL text. Lower-case unquoted identifiers of at most 48 characters are
 * valid in both Cassandra and ScyllaDB and need no quoting, so anything else is refused rather than escaped.
 */
public final class CqlIdentifiers {
    public static final int MAX_LENGTH = 48;
    private static final Pattern VALID = Pattern.compile("[a-z][a-z0-9_]{0," + (MAX_LENGTH - 1) + "}");

    private CqlIdentifiers() {}

    public static boolean isValid(String name) {
        return name != null && VALID.matcher(name).matches();
    }

    public static String require(String name, String what) {
        if (!isValid(name)) {
            throw new IllegalArgumentException(what + " '" + name + "' is not a valid CQL identifier: it must match "
                    + VALID.pattern());
        }
        return name;
    }
}
