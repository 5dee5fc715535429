package io.tablecast.connectors.kafka.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import io.tablecast.connectors.kafka.ValidationRules;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;

/**
 * The strict first half of every parser that reads records from outside: size, UTF-8, exactly one JSON object
 * without duplicate fields, bounded depth and number lengths; and the field readers both record kinds share. Where
 * leniency would lose or merge data it refuses, with a reason that is safe to print.
 */
public final class StrictJson {
    /** Every time the job handles fits in epoch milliseconds and in a four-digit year. */
    public static final Instant EARLIEST = Instant.EPOCH;
    public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");
    private static final int REASON_EXCERPT = 40;
    private static final int JSON_ERROR_EXCERPT = 200;

    private final ObjectMapper mapper;
    private final int maxRecordBytes;

    public StrictJson(int maxRecordBytes) {
        this.maxRecordBytes = maxRecordBytes;
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(ValidationRules.MAX_NESTING_DEPTH)
                        .maxNumberLength(ValidationRules.MAX_SCALAR_TEXT_LENGTH)
                        .maxStringLength(maxRecordBytes)
                        .maxNameLength(ValidationRules.MAX_TEXT_LENGTH)
                        .build())
                .build();
        factory.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        this.mapper = new ObjectMapper(factory)
                // Amounts are money: never let them pass through a double, and keep their scale (12.50 stays 12.50).
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
    }

    /** The record's one JSON object. */
    public JsonNode readObject(byte[] raw) throws InvalidField {
        if (raw == null || raw.length == 0) {
            throw new InvalidField("empty record");
        }
        if (raw.length > maxRecordBytes) {
            throw new InvalidField("record of " + raw.length + " bytes is larger than the limit of "
                    + maxRecordBytes + " bytes");
        }
        String text = SafeText.utf8OrNull(raw);
        if (text == null) {
            throw new InvalidField("not valid UTF-8");
        }
        JsonNode root;
        try (JsonParser json = mapper.getFactory().createParser(text)) {
            root = mapper.readTree(json);
            if (root != null && json.nextToken() != null) {
                throw new InvalidField("more than one JSON value in the record");
            }
        } catch (JsonProcessingException e) {
            throw new InvalidField("not valid JSON: " + SafeText.excerpt(e.getOriginalMessage(), JSON_ERROR_EXCERPT));
        } catch (IOException e) {
            throw new InvalidField("unreadable record: " + SafeText.excerpt(String.valueOf(e.getMessage()),
                    JSON_ERROR_EXCERPT));
        }
        if (root == null || !root.isObject()) {
            throw new InvalidField("not a JSON object");
        }
        return root;
    }

    /** A string field, or null when absent; well-formed Unicode, at most {@code maxLength} characters. */
    public static String optionalText(JsonNode root, String field, int maxLength) throws InvalidField {
        return text(root.get(field), "'" + field + "'", maxLength);
    }

    /** A string (an object's field or an array's element), or null when absent; {@code what} names it in reasons. */
    public static String text(JsonNode node, String what, int maxLength) throws InvalidField {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new InvalidField(what + " must be a string");
        }
        return bounded(node.textValue(), what, maxLength);
    }

    /** Text read from anywhere (a field, a record key): at most {@code maxLength} characters, well-formed Unicode. */
    public static String bounded(String value, String what, int maxLength) throws InvalidField {
        if (value.length() > maxLength) {
            throw new InvalidField(what + " is longer than " + maxLength + " characters");
        }
        if (!SafeText.isWellFormed(value)) {
            throw new InvalidField(what + " '" + excerpt(value) + "' holds a lone UTF-16 surrogate");
        }
        return value;
    }

    /** A present, non-empty string without control characters. */
    public static String requiredId(JsonNode root, String field, int maxLength) throws InvalidField {
        String value = optionalText(root, field, maxLength);
        if (value == null || value.isEmpty()) {
            throw new InvalidField("missing required field '" + field + "'");
        }
        return withoutControlCharacters(value, "'" + field + "'");
    }

    /** The value, refused when it holds a control character (an id is printed, logged and used as a key). */
    public static String withoutControlCharacters(String value, String what) throws InvalidField {
        if (SafeText.hasControlCharacter(value)) {
            throw new InvalidField(what + " '" + excerpt(value) + "' holds a control character");
        }
        return value;
    }

    /**
     * An ISO-8601 instant (UTC or with an offset) in the field, or null when absent; its range is checked before any
     * arithmetic, so an instant of year +999999999 is a reason, not an overflow.
     */
    public static Instant optionalInstant(JsonNode root, String field) throws InvalidField {
        String text = optionalText(root, field, ValidationRules.MAX_SCALAR_TEXT_LENGTH);
        return text == null ? null : within(parseIsoInstant(text, field), field, text);
    }

    /** Checks an instant read from the field is within {@link #EARLIEST} to {@link #LATEST}. */
    public static Instant within(Instant t, String field, String asWritten) throws InvalidField {
        if (t.isBefore(EARLIEST) || t.isAfter(LATEST)) {
            throw new InvalidField("'" + field + "' " + excerpt(asWritten) + " is outside the supported range "
                    + EARLIEST + " to " + LATEST);
        }
        return t;
    }

    public static Instant parseIsoInstant(String text, String field) throws InvalidField {
        if (text.length() > ValidationRules.MAX_SCALAR_TEXT_LENGTH) {
            throw new InvalidField("'" + field + "' is longer than " + ValidationRules.MAX_SCALAR_TEXT_LENGTH
                    + " characters");
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeException notUtc) {
            try {
                return OffsetDateTime.parse(text).toInstant();
            } catch (DateTimeException e) {
                throw new InvalidField("'" + field + "' '" + excerpt(text) + "' is not an ISO-8601 instant");
            }
        }
    }

    /** Input shown in a reason: printable ASCII, short. */
    public static String excerpt(String s) {
        return SafeText.excerpt(s, REASON_EXCERPT);
    }

    /** Why a record was refused; cheap to throw (no stack trace), as bad input is expected. */
    public static final class InvalidField extends Exception {
        private static final long serialVersionUID = 1L;

        public InvalidField(String message) {
            super(message, null, false, false);
        }
    }
}
