package io.tablecast.connectors.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import io.tablecast.connectors.kafka.internal.SafeText;
import io.tablecast.connectors.kafka.internal.StrictJson;
import io.tablecast.connectors.kafka.internal.StrictJson.InvalidField;
import io.tablecast.connectors.model.EventNotice;
import io.tablecast.connectors.model.SegmentIds;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads one {@code external-events} record: {@code {"id", "name", "kind": holiday|promotion|news, "start", "end",
 * "segments"?: [...], "expected_effect"?: multiplier, "announced"?: instant}}, instants in ISO-8601. Never throws:
 * the answer is a notice or a notice with the reason it was refused. Strict like the transaction parser (one JSON
 * object, UTF-8, bounded sizes), and bounded in what an event may claim: at most {@value #MAX_SPAN_DAYS} days long,
 * at most {@value #MAX_SEGMENTS} segments, each a valid segment id, an effect between 1/100 and 100.
 */
public final class ExternalEventParser {
    public static final int MAX_RECORD_BYTES = 64 * 1024;
    static final int MAX_SPAN_DAYS = 31;
    static final int MAX_SEGMENTS = 1000;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    private static final int JSON_ERROR_EXCERPT = 200;

    private final StrictJson json = new StrictJson(MAX_RECORD_BYTES);

    /**
     * @param arrivalMillis the record's Kafka timestamp: when the event was announced, unless it says otherwise;
     *                      {@link TransactionParser#NO_ARRIVAL_TIME} when the record has none
     */
    public EventNotice parse(byte[] raw, long arrivalMillis) {
        EventNotice n = new EventNotice();
        try {
            read(json.readObject(raw), arrivalMillis, n);
        } catch (InvalidField e) {
            n.rejectReason = e.getMessage();
        } catch (RuntimeException e) {
            n.rejectReason = "event could not be parsed: " + e.getClass().getSimpleName() + ": "
                    + SafeText.excerpt(String.valueOf(e.getMessage()), JSON_ERROR_EXCERPT);
        }
        return n;
    }

    private static void read(JsonNode root, long arrivalMillis, EventNotice n) throws InvalidField {
        n.id = StrictJson.requiredId(root, "id", 128);
        if (!ID.matcher(n.id).matches()) {
            throw new InvalidField("'id' '" + StrictJson.excerpt(n.id) + "' may hold only letters, digits and ._:-");
        }
        n.name = StrictJson.requiredId(root, "name", ValidationRules.MAX_TEXT_LENGTH);
        String kind = StrictJson.requiredId(root, "kind", 16).toLowerCase(Locale.ROOT);
        if (!Set.of(EventNotice.HOLIDAY, EventNotice.PROMOTION, EventNotice.NEWS).contains(kind)) {
            throw new InvalidField("'kind' '" + StrictJson.excerpt(kind) + "' is not holiday, promotion or news");
        }
        n.kind = kind;
        Instant start = required(root, "start");
        Instant end = required(root, "end");
        if (!end.isAfter(start)) {
            throw new InvalidField("'end' " + end + " is not after 'start' " + start);
        }
        if (Duration.between(start, end).compareTo(Duration.ofDays(MAX_SPAN_DAYS)) > 0) {
            throw new InvalidField("the event lasts longer than " + MAX_SPAN_DAYS + " days");
        }
        n.startMillis = start.toEpochMilli();
        n.endMillis = end.toEpochMilli();
        n.segments = segments(root);
        n.expectedEffect = effect(root);
        Instant announced = StrictJson.optionalInstant(root, "announced");
        n.announcedAtMillis = announced != null ? announced.toEpochMilli()
                : arrivalMillis != TransactionParser.NO_ARRIVAL_TIME ? arrivalMillis : Long.MIN_VALUE;
    }

    private static Instant required(JsonNode root, String field) throws InvalidField {
        Instant t = StrictJson.optionalInstant(root, field);
        if (t == null) {
            throw new InvalidField("missing required field '" + field + "'");
        }
        return t;
    }

    private static String[] segments(JsonNode root) throws InvalidField {
        JsonNode node = root.get("segments");
        if (node == null || node.isNull()) {
            return new String[0];
        }
        if (!node.isArray()) {
            throw new InvalidField("'segments' must be an array of segment ids");
        }
        if (node.size() > MAX_SEGMENTS) {
            throw new InvalidField("'segments' names more than " + MAX_SEGMENTS + " segments");
        }
        Set<String> segments = new TreeSet<>();
        for (JsonNode element : node) {
            String segment = StrictJson.text(element, "a segment", SegmentIds.MAX_LENGTH);
            if (segment == null || !SegmentIds.isValid(segment)) {
                throw new InvalidField("'segments' holds '" + StrictJson.excerpt(String.valueOf(segment))
                        + "', which is not a valid segment id");
            }
            segments.add(segment);
        }
        return segments.toArray(new String[0]);
    }

    private static Double effect(JsonNode root) throws InvalidField {
        JsonNode node = root.get("expected_effect");
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isNumber()) {
            throw new InvalidField("'expected_effect' must be a number (a multiplier of volume)");
        }
        double effect = node.doubleValue();
        if (!(effect >= 0.01 && effect <= 100)) {
            throw new InvalidField("'expected_effect' " + StrictJson.excerpt(node.asText())
                    + " is not a multiplier between 0.01 and 100");
        }
        return effect;
    }
}
