package io.tablecast.connectors.kafka;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tablecast.connectors.model.SegmentIds;
import io.tablecast.connectors.model.Transaction;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/**
 * Turns one JSON record into a {@link Transaction} or a reason why not. Unknown fields are ignored, so producers can
 * add fields without breaking the job. Not thread-safe only in the sense that it holds no state: one per task.
 */
public final class TransactionParser {
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    private final ObjectMapper mapper = new ObjectMapper()
            // Amounts are money: never let them pass through a double, and keep their scale (12.50 stays 12.50).
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false);
    private final ValidationRules rules;

    public TransactionParser(ValidationRules rules) {
        this.rules = rules;
    }

    /** The outcome of parsing one record: exactly one of {@code txn} and {@code reason} is set. */
    public static final class Result {
        public final Transaction txn;
        public final String reason;

        private Result(Transaction txn, String reason) {
            this.txn = txn;
            this.reason = reason;
        }
    }

    public Result parse(byte[] raw) {
        if (raw == null || raw.length == 0) {
            return rejected("empty record");
        }
        JsonNode root;
        try {
            root = mapper.readTree(raw);
        } catch (JsonProcessingException e) {
            return rejected("not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            return rejected("unreadable record: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            return rejected("not a JSON object");
        }
        try {
            return new Result(toTransaction(root), null);
        } catch (InvalidField e) {
            return rejected(e.getMessage());
        }
    }

    private Transaction toTransaction(JsonNode root) throws InvalidField {
        Transaction t = new Transaction();
        t.txnId = requiredText(root, "txn_id", ValidationRules.MAX_TXN_ID_LENGTH);
        t.userId = requiredText(root, "user_id", ValidationRules.MAX_USER_ID_LENGTH);
        t.tsMillis = timestamp(root);
        t.amount = amount(root);
        t.currency = optionalText(root, "currency", 3);
        if (t.currency != null && !CURRENCY.matcher(t.currency).matches()) {
            throw new InvalidField("currency '" + t.currency + "' is not a 3-letter upper-case code");
        }
        t.type = optionalText(root, "type", ValidationRules.MAX_TEXT_LENGTH);
        t.merchant = optionalText(root, "merchant", ValidationRules.MAX_TEXT_LENGTH);
        t.segment = optionalText(root, "segment", SegmentIds.MAX_LENGTH);
        if (t.segment != null && !SegmentIds.isValid(t.segment)) {
            throw new InvalidField("segment '" + t.segment + "' is not a valid segment id");
        }
        return t;
    }

    private long timestamp(JsonNode root) throws InvalidField {
        JsonNode node = root.get("ts");
        if (node == null || node.isNull()) {
            throw new InvalidField("missing required field 'ts'");
        }
        long millis;
        if (node.isIntegralNumber() && node.canConvertToLong()) {
            millis = node.longValue();
        } else if (node.isTextual()) {
            millis = parseIsoInstant(node.textValue());
        } else {
            throw new InvalidField("'ts' must be an ISO-8601 instant or epoch milliseconds");
        }
        long now = rules.clock().millis();
        if (millis > now + rules.maxAheadOfWallClock().toMillis()) {
            throw new InvalidField("'ts' " + Instant.ofEpochMilli(millis) + " is more than "
                    + rules.maxAheadOfWallClock() + " ahead of the wall clock");
        }
        if (millis < now - rules.retention().toMillis()) {
            throw new InvalidField("'ts' " + Instant.ofEpochMilli(millis) + " is older than the retention of "
                    + rules.retention());
        }
        return millis;
    }

    private static long parseIsoInstant(String text) throws InvalidField {
        try {
            return Instant.parse(text).toEpochMilli();
        } catch (DateTimeParseException notUtc) {
            try {
                return OffsetDateTime.parse(text).toInstant().toEpochMilli();
            } catch (DateTimeParseException e) {
                throw new InvalidField("'ts' '" + abbreviate(text) + "' is not an ISO-8601 instant");
            }
        }
    }

    private static BigDecimal amount(JsonNode root) throws InvalidField {
        JsonNode node = root.get("amount");
        if (node == null || node.isNull()) {
            throw new InvalidField("missing required field 'amount'");
        }
        if (node.isNumber()) {
            return node.decimalValue();
        }
        if (node.isTextual()) {
            try {
                return new BigDecimal(node.textValue().trim());
            } catch (NumberFormatException e) {
                throw new InvalidField("'amount' '" + abbreviate(node.textValue()) + "' is not a decimal number");
            }
        }
        throw new InvalidField("'amount' must be a decimal number");
    }

    private static String requiredText(JsonNode root, String field, int maxLength) throws InvalidField {
        String value = optionalText(root, field, maxLength);
        if (value == null || value.isEmpty()) {
            throw new InvalidField("missing required field '" + field + "'");
        }
        return value;
    }

    private static String optionalText(JsonNode root, String field, int maxLength) throws InvalidField {
        JsonNode node = root.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new InvalidField("'" + field + "' must be a string");
        }
        String value = node.textValue();
        if (value.length() > maxLength) {
            throw new InvalidField("'" + field + "' is longer than " + maxLength + " characters");
        }
        return value;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }

    private static Result rejected(String reason) {
        return new Result(null, reason);
    }

    private static final class InvalidField extends Exception {
        InvalidField(String message) {
            super(message, null, false, false);
        }
    }
}
