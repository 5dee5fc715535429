package io.tablecast.job.segments;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tablecast.connectors.model.SegmentIds;
import io.tablecast.connectors.model.UserProfile;

import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Behavioral segments as data: an ordered list of rules, each a segment and the conditions on a user's behavior
 * ({@link BehaviorFeatures}) and profile attributes ({@link UserFacts}) under which a user belongs to it; the first
 * rule that holds wins, and a user no rule takes goes to the default segment. Parsed from JSON (docs/segments.md has
 * the format) from a file at start and from the {@code segment-rules} topic while the job runs, so rules change
 * without a code change or a redeploy.
 *
 * <p>Two things keep users from flapping at a boundary: <b>hysteresis</b> — a user stays in its segment while that
 * segment's conditions hold with every threshold loosened by the hysteresis share (a minimum of 20 a day is kept at 16
 * with 0.2), but enters a segment only at the thresholds themselves — and a <b>dwell</b> of {@code minDaysInSegment}
 * days before any move.
 */
public final class SegmentRules implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Set<String> FEATURES = Set.of(BehaviorFeatures.RECORDS_PER_DAY,
            BehaviorFeatures.SPEND_PER_DAY, BehaviorFeatures.MEAN_AMOUNT, BehaviorFeatures.ACTIVE_SHARE,
            BehaviorFeatures.DAYS_SINCE_LAST);

    /** One test of one feature. */
    abstract static class Condition implements Serializable {
        private static final long serialVersionUID = 1L;

        /** Whether it holds, with a bound loosened by {@code slack} (0: as written). */
        abstract boolean holds(UserFacts f, double slack);
    }

    /** {@code feature >= min} or {@code feature <= max}; never for a profile attribute the user lacks. */
    static final class Bound extends Condition {
        private static final long serialVersionUID = 1L;
        final String feature;
        final double bound;
        final boolean isMin;

        Bound(String feature, double bound, boolean isMin) {
            this.feature = feature;
            this.bound = bound;
            this.isMin = isMin;
        }

        @Override
        boolean holds(UserFacts f, double slack) {
            double v = f.number(feature);  // NaN compares false
            return isMin ? v >= bound * (1 - slack) : v <= bound * (1 + slack);
        }
    }

    /** A profile attribute is one of the listed values (no slack: a category is in or out). */
    static final class OneOf extends Condition {
        private static final long serialVersionUID = 1L;
        final String feature;
        final Set<String> values;

        OneOf(String feature, Set<String> values) {
            this.feature = feature;
            this.values = values;
        }

        @Override
        boolean holds(UserFacts f, double slack) {
            String v = f.text(feature);
            return v != null && values.contains(v);
        }
    }

    static final class Rule implements Serializable {
        private static final long serialVersionUID = 1L;
        final String segment;
        final List<Condition> conditions;

        Rule(String segment, List<Condition> conditions) {
            this.segment = segment;
            this.conditions = conditions;
        }

        boolean holds(UserFacts f, double slack) {
            for (Condition c : conditions) {
                if (!c.holds(f, slack)) {
                    return false;
                }
            }
            return true;
        }
    }

    private final List<Rule> rules;
    private final String defaultSegment;
    private final double hysteresis;
    private final int minDaysInSegment;
    private final int windowDays;
    private final List<String> trackedTypes;

    private SegmentRules(List<Rule> rules, String defaultSegment, double hysteresis, int minDaysInSegment,
                         int windowDays, List<String> trackedTypes) {
        this.rules = rules;
        this.defaultSegment = defaultSegment;
        this.hysteresis = hysteresis;
        this.minDaysInSegment = minDaysInSegment;
        this.windowDays = windowDays;
        this.trackedTypes = trackedTypes;
    }

    /**
     * The segment a user belongs to from day {@code day} on, given its behavior up to the day before and its profile,
     * its segment now (null: none yet, or one it was put in explicitly) and the day it entered that segment.
     */
    public String decide(UserFacts features, String current, long currentSince, long day) {
        String chosen = defaultSegment;
        for (Rule r : rules) {
            if (r.holds(features, 0) || (r.segment.equals(current) && r.holds(features, hysteresis))) {
                chosen = r.segment;
                break;
            }
        }
        if (current == null || chosen.equals(current)) {
            return chosen;
        }
        return day - currentSince >= minDaysInSegment ? chosen : current;
    }

    /** Days the behavior features average over (the time constant of their exponential weighting). */
    public int windowDays() {
        return windowDays;
    }

    /** The transaction types some rule looks at (their shares are the only ones kept per user). */
    public List<String> trackedTypes() {
        return trackedTypes;
    }

    public String defaultSegment() {
        return defaultSegment;
    }

    /**
     * Reads rules from JSON; {@code source} names where they came from in every error (a config key and file).
     *
     * @throws IllegalArgumentException naming the source and the part that is wrong
     */
    public static SegmentRules parse(String json, String source) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException(source + ": not JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException(source + ": expected a JSON object with \"rules\" and \"default\"");
        }
        known(root, source, "", Set.of("rules", "default", "hysteresis", "min_days_in_segment", "window_days"));
        String defaultSegment = segmentId(root.get("default"), source, "default");
        double hysteresis = number(root, "hysteresis", 0.2, 0, 0.9, source);
        int minDays = (int) number(root, "min_days_in_segment", 7, 0, 365, source);
        int windowDays = (int) number(root, "window_days", 28, 1, 365, source);
        JsonNode list = root.get("rules");
        if (list == null || !list.isArray()) {
            throw new IllegalArgumentException(source + ": \"rules\" must be a list (it may be empty)");
        }
        List<Rule> rules = new ArrayList<>();
        Set<String> types = new LinkedHashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String where = "rules[" + i + "]";
            JsonNode r = list.get(i);
            if (!r.isObject()) {
                throw new IllegalArgumentException(source + ": " + where + " must be an object");
            }
            known(r, source, where + ".", Set.of("segment", "when"));
            String segment = segmentId(r.get("segment"), source, where + ".segment");
            JsonNode when = r.get("when");
            if (when == null || !when.isObject() || when.size() == 0) {
                throw new IllegalArgumentException(source + ": " + where + ".when must name at least one feature");
            }
            List<Condition> conditions = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = when.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> c = it.next();
                String feature = c.getKey();
                String at = where + ".when." + feature;
                boolean isProfile = feature.startsWith(UserFacts.PROFILE_PREFIX);
                if (isProfile) {
                    String attribute = feature.substring(UserFacts.PROFILE_PREFIX.length());
                    if (!UserProfile.ATTRIBUTE_NAME.matcher(attribute).matches()) {
                        throw new IllegalArgumentException(source + ": " + at
                                + ": name a profile attribute (letters, digits, _)");
                    }
                } else if (feature.startsWith(BehaviorFeatures.TYPE_SHARE_PREFIX)) {
                    String type = feature.substring(BehaviorFeatures.TYPE_SHARE_PREFIX.length());
                    if (type.isEmpty() || type.length() > 64) {
                        throw new IllegalArgumentException(source + ": " + at + ": name a transaction type");
                    }
                    types.add(type);
                } else if (!FEATURES.contains(feature)) {
                    throw new IllegalArgumentException(source + ": " + at + ": unknown feature; known: "
                            + String.join(", ", new TreeSet<>(FEATURES)) + ", "
                            + BehaviorFeatures.TYPE_SHARE_PREFIX + "<type>, " + UserFacts.PROFILE_PREFIX
                            + "<attribute>");
                }
                String shape = isProfile ? " must be {\"min\": x} and/or {\"max\": y}, or {\"in\": [values]}"
                        : " must be {\"min\": x} and/or {\"max\": y}";
                if (!c.getValue().isObject() || c.getValue().size() == 0) {
                    throw new IllegalArgumentException(source + ": " + at + shape);
                }
                known(c.getValue(), source, at + ".", isProfile ? Set.of("min", "max", "in") : Set.of("min", "max"));
                for (String op : List.of("min", "max")) {
                    JsonNode v = c.getValue().get(op);
                    if (v != null) {
                        if (!v.isNumber() || !Double.isFinite(v.asDouble()) || v.asDouble() < 0) {
                            throw new IllegalArgumentException(source + ": " + at + "." + op
                                    + " must be a number at least 0");
                        }
                        conditions.add(new Bound(feature, v.asDouble(), op.equals("min")));
                    }
                }
                JsonNode in = c.getValue().get("in");
                if (in != null) {
                    conditions.add(new OneOf(feature, oneOf(in, source + ": " + at + ".in")));
                }
            }
            rules.add(new Rule(segment, List.copyOf(conditions)));
        }
        return new SegmentRules(List.copyOf(rules), defaultSegment, hysteresis, minDays, windowDays,
                List.copyOf(types));
    }

    private static Set<String> oneOf(JsonNode list, String where) {
        if (!list.isArray() || list.size() == 0) {
            throw new IllegalArgumentException(where + " must be a non-empty list of values");
        }
        Set<String> values = new HashSet<>();
        for (JsonNode v : list) {
            if (!(v.isTextual() || v.isNumber() || v.isBoolean())) {
                throw new IllegalArgumentException(where + " must hold text, numbers or booleans");
            }
            values.add(v.asText());
        }
        return Set.copyOf(values);
    }

    private static void known(JsonNode node, String source, String prefix, Set<String> allowed) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!allowed.contains(name)) {
                throw new IllegalArgumentException(source + ": unknown field " + prefix + name + "; allowed: "
                        + String.join(", ", new TreeSet<>(allowed)));
            }
        }
    }

    private static String segmentId(JsonNode node, String source, String where) {
        if (node == null || !node.isTextual()) {
            throw new IllegalArgumentException(source + ": " + where + " must be a segment id (text)");
        }
        return SegmentIds.require(node.asText(), source + ": " + where);
    }

    private static double number(JsonNode root, String field, double fallback, double min, double max,
                                 String source) {
        JsonNode v = root.get(field);
        if (v == null) {
            return fallback;
        }
        if (!v.isNumber() || v.asDouble() < min || v.asDouble() > max) {
            throw new IllegalArgumentException(source + ": " + field + " must be a number in [" + min + ", " + max
                    + "]");
        }
        return v.asDouble();
    }
}
