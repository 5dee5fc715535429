package io.tablecast.connectors.cql;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Keyspace replication, parsed from a short text form so that it can be configured and still never be spliced raw
 * into CQL: {@code SimpleStrategy:1} or {@code NetworkTopologyStrategy:dc1=3,dc2=3}.
 */
public final class Replication implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String strategy;
    private final Map<String, Integer> factors;

    private Replication(String strategy, Map<String, Integer> factors) {
        this.strategy = strategy;
        this.factors = factors;
    }

    public static Replication simple(int factor) {
        Map<String, Integer> factors = new LinkedHashMap<>();
        factors.put("replication_factor", positive(factor, "replication factor"));
        return new Replication("SimpleStrategy", factors);
    }

    public static Replication parse(String text) {
        String[] parts = text == null ? new String[0] : text.trim().split(":", 2);
        if (parts.length != 2) {
            throw new IllegalArgumentException("replication '" + text
                    + "' must be 'SimpleStrategy:<factor>' or 'NetworkTopologyStrategy:<dc>=<factor>,...'");
        }
        switch (parts[0]) {
            case "SimpleStrategy":
                return simple(parseFactor(parts[1], text));
            case "NetworkTopologyStrategy":
                Map<String, Integer> factors = new LinkedHashMap<>();
                for (String dc : parts[1].split(",")) {
                    String[] kv = dc.trim().split("=", 2);
                    if (kv.length != 2 || !kv[0].matches("[A-Za-z0-9_.-]{1,64}")) {
                        throw new IllegalArgumentException("replication '" + text + "': '" + dc
                                + "' is not <datacenter>=<factor>");
                    }
                    factors.put(kv[0], parseFactor(kv[1], text));
                }
                return new Replication("NetworkTopologyStrategy", factors);
            default:
                throw new IllegalArgumentException("replication '" + text
                        + "': strategy must be SimpleStrategy or NetworkTopologyStrategy");
        }
    }

    /** The CQL map literal; every part was validated when parsed. */
    public String toCql() {
        StringBuilder cql = new StringBuilder("{'class': '").append(strategy).append('\'');
        factors.forEach((k, v) -> cql.append(", '").append(k).append("': ").append(v));
        return cql.append('}').toString();
    }

    private static int parseFactor(String s, String text) {
        try {
            return positive(Integer.parseInt(s.trim()), "replication factor in '" + text + "'");
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("replication '" + text + "': '" + s + "' is not a whole number");
        }
    }

    private static int positive(int v, String what) {
        if (v < 1) throw new IllegalArgumentException(what + " must be at least 1");
        return v;
    }

    @Override
    public String toString() {
        return toCql();
    }
}
