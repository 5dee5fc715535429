package io.tablecast.connectors.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import io.tablecast.connectors.kafka.internal.SafeText;
import io.tablecast.connectors.kafka.internal.StrictJson;
import io.tablecast.connectors.kafka.internal.StrictJson.InvalidField;
import io.tablecast.connectors.model.SegmentControl;
import io.tablecast.connectors.model.SegmentIds;
import io.tablecast.connectors.model.UserProfile;

import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Reads the behavioral segments' two control topics. Never throws: the answer is a {@link SegmentControl}, accepted or
 * with the reason it was refused.
 * <ul>
 *   <li>{@code user-profiles}: the key is the user id; the value {@code {"segment"?, "attributes"?: {name: text,
 *   number or boolean}, "effective_from"?: instant}}, or none (a tombstone: the profile is deleted). At most
 *   {@value #MAX_ATTRIBUTES} attributes, names of letters, digits and {@code _}, values at most
 *   {@value ValidationRules#MAX_TEXT_LENGTH} characters.</li>
 *   <li>{@code segment-rules}: the value {@code {"rules": {...}, "effective_from"?: instant}}; the rules themselves
 *   are checked by the job, which knows their grammar.</li>
 * </ul>
 * Without {@code effective_from} a record holds from its Kafka timestamp (when it was published).
 */
public final class SegmentControlParser {
    public static final int MAX_RECORD_BYTES = 64 * 1024;
    static final int MAX_ATTRIBUTES = 64;
    private static final int ERROR_EXCERPT = 200;

    private final String profilesTopic;
    private final String rulesTopic;
    private final StrictJson json = new StrictJson(MAX_RECORD_BYTES);

    public SegmentControlParser(String profilesTopic, String rulesTopic) {
        this.profilesTopic = profilesTopic;
        this.rulesTopic = rulesTopic;
    }

    /**
     * @param arrivalMillis the record's Kafka timestamp, or {@link TransactionParser#NO_ARRIVAL_TIME}
     */
    public SegmentControl parse(String topic, byte[] key, byte[] value, long arrivalMillis) {
        SegmentControl c = new SegmentControl();
        long arrival = arrivalMillis != TransactionParser.NO_ARRIVAL_TIME ? arrivalMillis : Long.MIN_VALUE;
        try {
            if (topic.equals(profilesTopic)) {
                c.profile = profile(key, value, arrival);
            } else if (topic.equals(rulesTopic)) {
                readRules(value, arrival, c);
            } else {
                throw new InvalidField("topic '" + StrictJson.excerpt(topic) + "' is neither " + profilesTopic
                        + " nor " + rulesTopic);
            }
        } catch (InvalidField e) {
            c.profile = null;
            c.rulesJson = null;
            c.rejectReason = e.getMessage();
        } catch (RuntimeException e) {
            c.profile = null;
            c.rulesJson = null;
            c.rejectReason = "control record could not be parsed: " + e.getClass().getSimpleName() + ": "
                    + SafeText.excerpt(String.valueOf(e.getMessage()), ERROR_EXCERPT);
        }
        return c;
    }

    private UserProfile profile(byte[] key, byte[] value, long arrival) throws InvalidField {
        String userId = userId(key);
        if (value == null) {
            return new UserProfile(userId, null, new String[0], new String[0], arrival);
        }
        JsonNode root = json.readObject(value);
        known(root, Set.of("user_id", "segment", "attributes", "effective_from"));
        String named = StrictJson.optionalText(root, "user_id", ValidationRules.MAX_USER_ID_LENGTH);
        if (named != null && !named.equals(userId)) {
            throw new InvalidField("'user_id' '" + StrictJson.excerpt(named) + "' is not the record's key '"
                    + StrictJson.excerpt(userId) + "'");
        }
        String segment = StrictJson.optionalText(root, "segment", SegmentIds.MAX_LENGTH + 1);
        if (segment != null && !SegmentIds.isValid(segment)) {
            throw new InvalidField("'segment' '" + StrictJson.excerpt(segment) + "' is not a segment id (1-"
                    + SegmentIds.MAX_LENGTH + " of A-Z a-z 0-9 _ -)");
        }
        TreeMap<String, String> attributes = attributes(root.get("attributes"));
        return new UserProfile(userId, segment, attributes.keySet().toArray(new String[0]),
                attributes.values().toArray(new String[0]), effectiveFrom(root, arrival));
    }

    private void readRules(byte[] value, long arrival, SegmentControl c) throws InvalidField {
        JsonNode root = json.readObject(value);
        known(root, Set.of("rules", "effective_from"));
        JsonNode rules = root.get("rules");
        if (rules == null || !rules.isObject()) {
            throw new InvalidField("'rules' must be the rules object (docs/segments.md)");
        }
        c.rulesJson = rules.toString();
        c.rulesEffectiveFromMillis = effectiveFrom(root, arrival);
    }

    private static String userId(byte[] key) throws InvalidField {
        if (key == null || key.length == 0) {
            throw new InvalidField("a profile's key must be its user id; the record has none");
        }
        String id = SafeText.utf8OrNull(key);
        if (id == null) {
            throw new InvalidField("the key is not valid UTF-8");
        }
        String what = "the key (user id)";
        return StrictJson.withoutControlCharacters(StrictJson.bounded(id, what, ValidationRules.MAX_USER_ID_LENGTH),
                what);
    }

    private static TreeMap<String, String> attributes(JsonNode node) throws InvalidField {
        TreeMap<String, String> out = new TreeMap<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            throw new InvalidField("'attributes' must be an object of name: value");
        }
        if (node.size() > MAX_ATTRIBUTES) {
            throw new InvalidField("more than " + MAX_ATTRIBUTES + " attributes");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> a = it.next();
            if (!UserProfile.ATTRIBUTE_NAME.matcher(a.getKey()).matches()) {
                throw new InvalidField("attribute name '" + StrictJson.excerpt(a.getKey())
                        + "' may hold only letters, digits and _ (1-64)");
            }
            JsonNode v = a.getValue();
            String text;
            if (v.isNumber() || v.isBoolean()) {
                text = v.asText();
            } else {
                text = StrictJson.text(v, "attribute '" + a.getKey() + "'", ValidationRules.MAX_TEXT_LENGTH);
                if (text == null) {
                    continue;  // null: the attribute is not set
                }
            }
            out.put(a.getKey(), text);
        }
        return out;
    }

    private static long effectiveFrom(JsonNode root, long arrival) throws InvalidField {
        Instant from = StrictJson.optionalInstant(root, "effective_from");
        return from != null ? from.toEpochMilli() : arrival;
    }

    private static void known(JsonNode root, Set<String> allowed) throws InvalidField {
        for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!allowed.contains(name)) {
                throw new InvalidField("unknown field '" + StrictJson.excerpt(name) + "'; allowed: "
                        + String.join(", ", new TreeSet<>(allowed)));
            }
        }
    }
}
