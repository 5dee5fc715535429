package io.tablecast.connectors.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import io.tablecast.connectors.kafka.internal.SafeText;
import io.tablecast.connectors.kafka.internal.StrictJson;
import io.tablecast.connectors.kafka.internal.StrictJson.InvalidField;
import io.tablecast.connectors.model.SegmentIds;
import io.tablecast.connectors.model.Transaction;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * Turns one record's bytes into a {@link Transaction} or a reason why not, and never throws: whatever the bytes
 * hold, the answer is accepted or a reason (a property test drives it with arbitrary input). Unknown fields are
 * ignored, so producers can add fields without breaking the job. The decision depends only on the bytes, the time
 * Kafka stamped on the record and, for one rule that is safe on replay, the wall clock (see {@link ValidationRules}).
 *
 * <p>Strict where leniency would lose or merge data: the bytes must be UTF-8, the record exactly one JSON object
 * without duplicate fields, every string well-formed Unicode (a lone surrogate would reach CQL as '?', merging two
 * ids into one row), ids free of control characters, numbers and timestamps within bounds checked before any
 * arithmetic. One instance per task: it holds no state between records.
 */
public final class TransactionParser {
    /** The arrival time to pass for a record that carries no Kafka timestamp. */
    public static final long NO_ARRIVAL_TIME = Long.MIN_VALUE;

    /** The arrival time of a record with this Kafka timestamp: Kafka marks a missing one with a negative value. */
    static long arrivalMillis(long kafkaTimestamp) {
        return kafkaTimestamp >= 0 ? kafkaTimestamp : NO_ARRIVAL_TIME;
    }

    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final int JSON_ERROR_EXCERPT = 200;

    private final StrictJson json;
    private final ValidationRules rules;

    public TransactionParser(ValidationRules rules) {
        this.rules = rules;
        this.json = new StrictJson(rules.maxRecordBytes());
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

    /**
     * @param raw the record's value
     * @param arrivalMillis the record's Kafka timestamp, or {@link #NO_ARRIVAL_TIME}
     */
    public Result parse(byte[] raw, long arrivalMillis) {
        try {
            return parseOrReject(raw, arrivalMillis);
        } catch (RuntimeException e) {
            // Nothing above is meant to throw; if a library still does, the record is dead-lettered, never retried.
            return rejected("record could not be parsed: " + e.getClass().getSimpleName() + ": "
                    + SafeText.excerpt(String.valueOf(e.getMessage()), JSON_ERROR_EXCERPT));
        }
    }

    private Result parseOrReject(byte[] raw, long arrivalMillis) {
        try {
            return new Result(toTransaction(json.readObject(raw), arrivalMillis), null);
        } catch (InvalidField e) {
            return rejected(e.getMessage());
        }
    }

    private Transaction toTransaction(JsonNode root, long arrivalMillis) throws InvalidField {
        Transaction t = new Transaction();
        t.txnId = StrictJson.requiredId(root, "txn_id", ValidationRules.MAX_TXN_ID_LENGTH);
        t.userId = StrictJson.requiredId(root, "user_id", ValidationRules.MAX_USER_ID_LENGTH);
        t.tsMillis = timestamp(root, arrivalMillis);
        t.amount = amount(root);
        t.currency = StrictJson.optionalText(root, "currency", 3);
        if (t.currency != null && !CURRENCY.matcher(t.currency).matches()) {
            throw new InvalidField("currency '" + StrictJson.excerpt(t.currency)
                    + "' is not a 3-letter upper-case code");
        }
        t.type = StrictJson.optionalText(root, "type", ValidationRules.MAX_TEXT_LENGTH);
        t.merchant = StrictJson.optionalText(root, "merchant", ValidationRules.MAX_TEXT_LENGTH);
        t.segment = StrictJson.optionalText(root, "segment", SegmentIds.MAX_LENGTH);
        if (t.segment != null && !SegmentIds.isValid(t.segment)) {
            throw new InvalidField("segment '" + StrictJson.excerpt(t.segment) + "' is not a valid segment id");
        }
        return t;
    }

    private long timestamp(JsonNode root, long arrivalMillis) throws InvalidField {
        JsonNode node = root.get("ts");
        if (node == null || node.isNull()) {
            throw new InvalidField("missing required field 'ts'");
        }
        Instant ts;
        if (node.isIntegralNumber()) {
            if (!node.canConvertToLong()) {
                throw new InvalidField("'ts' " + StrictJson.excerpt(node.asText())
                        + " is outside the supported range");
            }
            ts = Instant.ofEpochMilli(node.longValue());
        } else if (node.isTextual()) {
            ts = StrictJson.parseIsoInstant(node.textValue(), "ts");
        } else {
            throw new InvalidField("'ts' must be an ISO-8601 instant or epoch milliseconds");
        }
        long millis = StrictJson.within(ts, "ts", node.asText()).toEpochMilli();
        long aheadMillis = rules.maxAheadOfArrival().toMillis();
        long now = rules.clock().millis();
        if (millis - aheadMillis > now) {
            throw new InvalidField("'ts' " + ts + " is more than " + rules.maxAheadOfArrival()
                    + " ahead of the wall clock");
        }
        if (arrivalMillis != NO_ARRIVAL_TIME) {
            if (millis - aheadMillis > arrivalMillis) {
                throw new InvalidField("'ts' " + ts + " is more than " + rules.maxAheadOfArrival()
                        + " ahead of the time the record reached Kafka (" + Instant.ofEpochMilli(arrivalMillis) + ")");
            }
            Duration age = Duration.ofMillis(arrivalMillis).minusMillis(millis);
            if (age.compareTo(rules.retention()) > 0) {
                throw new InvalidField("'ts' " + ts + " is older than the retention of " + rules.retention()
                        + " when the record reached Kafka (" + Instant.ofEpochMilli(arrivalMillis) + ")");
            }
        }
        return millis;
    }

    private static BigDecimal amount(JsonNode root) throws InvalidField {
        JsonNode node = root.get("amount");
        if (node == null || node.isNull()) {
            throw new InvalidField("missing required field 'amount'");
        }
        BigDecimal amount;
        if (node.isNumber()) {
            amount = node.decimalValue();
        } else if (node.isTextual()) {
            String text = node.textValue().trim();
            if (text.length() > ValidationRules.MAX_SCALAR_TEXT_LENGTH) {
                throw new InvalidField("'amount' is longer than " + ValidationRules.MAX_SCALAR_TEXT_LENGTH
                        + " characters");
            }
            try {
                amount = new BigDecimal(text);
            } catch (NumberFormatException e) {
                throw new InvalidField("'amount' '" + StrictJson.excerpt(text) + "' is not a decimal number");
            }
        } else {
            throw new InvalidField("'amount' must be a decimal number");
        }
        // Bounds on the digits, checked without expanding the number: 1e999999999 is two characters of input.
        if (amount.scale() > ValidationRules.MAX_AMOUNT_SCALE) {
            throw new InvalidField("'amount' has more than " + ValidationRules.MAX_AMOUNT_SCALE
                    + " digits after the decimal point");
        }
        if ((long) amount.precision() - amount.scale() > ValidationRules.MAX_AMOUNT_INTEGER_DIGITS) {
            throw new InvalidField("'amount' has more than " + ValidationRules.MAX_AMOUNT_INTEGER_DIGITS
                    + " digits before the decimal point");
        }
        // 1E+3 is stored as 1000: a negative scale is only a way of writing, not a different amount.
        return amount.scale() < 0 ? amount.setScale(0) : amount;
    }

    private static Result rejected(String reason) {
        return new Result(null, reason);
    }
}
