package io.tablecast.connectors.kafka;

import io.tablecast.connectors.model.Transaction;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class TransactionParserTest {
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final int MAX_RECORD_BYTES = 4096;
    private final TransactionParser parser = parserAt(NOW);

    private static TransactionParser parserAt(Instant wallClock) {
        return new TransactionParser(new ValidationRules(Duration.ofHours(1), Duration.ofDays(30), MAX_RECORD_BYTES,
                Clock.fixed(wallClock, ZoneOffset.UTC)));
    }

    /** Parses as if the record had reached Kafka at NOW. */
    private TransactionParser.Result parse(String json) {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8), NOW.toEpochMilli());
    }

    private static String withField(String name, String jsonValue) {
        String base = "{\"txn_id\":\"t\",\"user_id\":\"u\",\"ts\":\"2026-11-25T10:00:00Z\",\"amount\":1";
        return base + ",\"" + name + "\":" + jsonValue + "}";
    }

    @Test
    void readsEveryFieldAndIgnoresUnknownOnes() {
        TransactionParser.Result r = parse("{\"txn_id\":\"t1\",\"user_id\":\"u1\",\"ts\":\"2026-11-25T10:00:00Z\","
                + "\"amount\":12.50,\"currency\":\"EUR\",\"type\":\"purchase\",\"merchant\":\"m1\","
                + "\"segment\":\"retail\",\"channel\":\"web\",\"nested\":{\"a\":1}}");
        assertThat(r.reason).isNull();
        assertThat(r.txn).isEqualTo(new Transaction("t1", "u1", Instant.parse("2026-11-25T10:00:00Z").toEpochMilli(),
                new BigDecimal("12.50"), "EUR", "purchase", "m1", "retail"));
    }

    @Test
    void acceptsEpochMillisAndOffsetTimestamps() {
        long millis = NOW.minusSeconds(60).toEpochMilli();
        assertThat(parse("{\"txn_id\":\"t\",\"user_id\":\"u\",\"ts\":" + millis + ",\"amount\":1}").txn.tsMillis)
                .isEqualTo(millis);
        assertThat(parse("{\"txn_id\":\"t\",\"user_id\":\"u\",\"ts\":\"2026-11-25T11:00:00+01:00\",\"amount\":1}")
                .txn.tsMillis).isEqualTo(Instant.parse("2026-11-25T10:00:00Z").toEpochMilli());
    }

    @Test
    void keepsEveryDigitOfTheAmount() {
        TransactionParser.Result r = parse("{\"txn_id\":\"t\",\"user_id\":\"u\",\"ts\":\"2026-11-25T10:00:00Z\","
                + "\"amount\":1234567890.123456789012345}");
        assertThat(r.txn.amount).isEqualTo(new BigDecimal("1234567890.123456789012345"));
        assertThat(parse("{\"txn_id\":\"t\",\"user_id\":\"u\",\"ts\":\"2026-11-25T10:00:00Z\",\"amount\":\"0.10\"}")
                .txn.amount).isEqualTo(new BigDecimal("0.10"));
    }

    @Test
    void namesTheProblemOfEachInvalidRecord() {
        String ok = "\"user_id\":\"u\",\"ts\":\"2026-11-25T10:00:00Z\",\"amount\":1";
        assertThat(parse("{\"txn_id\":\"t\",").reason).startsWith("not valid JSON");
        assertThat(parse("[1,2]").reason).isEqualTo("not a JSON object");
        assertThat(parser.parse(new byte[0], 0).reason).isEqualTo("empty record");
        assertThat(parse("{" + ok + "}").reason).isEqualTo("missing required field 'txn_id'");
        assertThat(parse("{\"txn_id\":\"\"," + ok + "}").reason).isEqualTo("missing required field 'txn_id'");
        assertThat(parse("{\"txn_id\":\"" + "x".repeat(129) + "\"," + ok + "}").reason)
                .contains("'txn_id' is longer than 128");
        assertThat(parse("{\"txn_id\":7," + ok + "}").reason).isEqualTo("'txn_id' must be a string");
        assertThat(parse("{\"txn_id\":\"t\",\"user_id\":\"u\",\"ts\":\"noon\",\"amount\":1}").reason)
                .contains("not an ISO-8601 instant");
        assertThat(parse("{\"txn_id\":\"t\",\"user_id\":\"u\",\"ts\":\"2026-11-25T10:00:00Z\",\"amount\":\"ten\"}")
                .reason).contains("'amount' 'ten' is not a decimal number");
        assertThat(parse("{\"txn_id\":\"t\",\"user_id\":\"u\",\"ts\":\"2026-11-25T10:00:00Z\"}").reason)
                .isEqualTo("missing required field 'amount'");
        assertThat(parse("{\"txn_id\":\"t\"," + ok + ",\"currency\":\"usd\"}").reason)
                .contains("3-letter upper-case");
        assertThat(parse("{\"txn_id\":\"t\"," + ok + ",\"segment\":\"a b\"}").reason)
                .contains("not a valid segment id");
    }

    @Test
    void measuresTimeAgainstTheRecordsKafkaTimestamp() {
        String template = "{\"txn_id\":\"t\",\"user_id\":\"u\",\"amount\":1,\"ts\":\"%s\"}";
        Instant arrival = NOW.minus(Duration.ofDays(100));
        TransactionParser.Result ahead = parser.parse(String.format(template, arrival.plus(Duration.ofMinutes(61)))
                .getBytes(StandardCharsets.UTF_8), arrival.toEpochMilli());
        assertThat(ahead.reason).contains("ahead of the time the record reached Kafka");
        TransactionParser.Result old = parser.parse(String.format(template, arrival.minus(Duration.ofDays(31)))
                .getBytes(StandardCharsets.UTF_8), arrival.toEpochMilli());
        assertThat(old.reason).contains("older than the retention of PT720H when the record reached Kafka");
        TransactionParser.Result fine = parser.parse(String.format(template, arrival.minus(Duration.ofDays(29)))
                .getBytes(StandardCharsets.UTF_8), arrival.toEpochMilli());
        assertThat(fine.reason).isNull();
    }

    @Test
    void theWallClockBoundsOnlyTheFutureAndNeverTurnsAnAcceptanceIntoARejectionLater() {
        String template = "{\"txn_id\":\"t\",\"user_id\":\"u\",\"amount\":1,\"ts\":\"%s\"}";
        assertThat(parse(String.format(template, NOW.plus(Duration.ofMinutes(59)))).reason).isNull();
        assertThat(parse(String.format(template, NOW.plus(Duration.ofMinutes(61)))).reason)
                .contains("ahead of the wall clock");
        assertThat(parse(String.format(template, "2100-01-01T00:00:00Z")).reason).contains("ahead of the wall clock");
        // Read again a year later (a restart replays it): the same verdict.
        byte[] record = String.format(template, NOW.minus(Duration.ofDays(29))).getBytes(StandardCharsets.UTF_8);
        for (Instant later : new Instant[] {NOW, NOW.plus(Duration.ofDays(2)), NOW.plus(Duration.ofDays(365))}) {
            assertThat(parserAt(later).parse(record, NOW.toEpochMilli()).reason).isNull();
        }
        // Without a Kafka timestamp only the wall-clock bound applies.
        assertThat(parser.parse(String.format(template, "1999-01-01T00:00:00Z").getBytes(StandardCharsets.UTF_8),
                TransactionParser.NO_ARRIVAL_TIME).reason).isNull();
    }

    @Test
    void timestampsBeyondWhatMillisecondsOrFourDigitYearsHoldAreReasonsNotOverflows() {
        assertThat(parse(replaceTs("\"+999999999-12-31T23:59:59Z\"")).reason).contains("outside the supported range");
        assertThat(parse(replaceTs("\"-999999999-01-01T00:00:00Z\"")).reason).contains("outside the supported range");
        assertThat(parse(replaceTs(String.valueOf(Long.MAX_VALUE))).reason).contains("outside the supported range");
        assertThat(parse(replaceTs(String.valueOf(Long.MIN_VALUE))).reason).contains("outside the supported range");
        assertThat(parse(replaceTs("1" + "0".repeat(30))).reason).contains("outside the supported range");
        assertThat(parse(replaceTs("1.7E12")).reason).contains("ISO-8601 instant or epoch milliseconds");
        assertThat(parse(replaceTs("\"2026-11-25T10:00:00+25:00\"")).reason).contains("not an ISO-8601 instant");
        assertThat(parse(replaceTs("\"" + "2".repeat(65) + "\"")).reason).contains("'ts' is longer than 64");
    }

    private static String replaceTs(String jsonValue) {
        return "{\"txn_id\":\"t\",\"user_id\":\"u\",\"amount\":1,\"ts\":" + jsonValue + "}";
    }

    @Test
    void aRecordMustHoldExactlyOneJsonObjectWithoutDuplicateFields() {
        String one = withField("type", "\"x\"");
        assertThat(parse(one + "  \n").reason).isNull();
        assertThat(parse(one + one).reason).isEqualTo("more than one JSON value in the record");
        assertThat(parse(one + " 5").reason).isEqualTo("more than one JSON value in the record");
        assertThat(parse(one + " ]").reason).startsWith("not valid JSON");
        assertThat(parse(withField("txn_id", "\"t2\"")).reason).startsWith("not valid JSON").contains("Duplicate field");
        assertThat(parse("").reason).isEqualTo("empty record");
        assertThat(parse("   ").reason).isEqualTo("not a JSON object");
        assertThat(parse("null").reason).isEqualTo("not a JSON object");
    }

    @Test
    void bytesMustBeUtf8AndIdsWellFormedUnicode() {
        byte[] valid = withField("merchant", "\"caf\u00e9\"").getBytes(StandardCharsets.UTF_8);
        assertThat(parser.parse(valid, NOW.toEpochMilli()).txn.merchant).isEqualTo("caf\u00e9");
        byte[] latin1 = withField("merchant", "\"caf\u00e9\"").getBytes(StandardCharsets.ISO_8859_1);
        assertThat(parser.parse(latin1, NOW.toEpochMilli()).reason).isEqualTo("not valid UTF-8");
        // An overlong '/' and a surrogate encoded as UTF-8 (CESU): both are invalid UTF-8.
        for (byte[] bad : new byte[][] {{(byte) 0xC0, (byte) 0xAF}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}}) {
            byte[] record = concat(amount("1,\"merchant\":\"").replace("}", "").getBytes(StandardCharsets.UTF_8),
                    bad, "\"}".getBytes(StandardCharsets.UTF_8));
            assertThat(parser.parse(record, NOW.toEpochMilli()).reason).isEqualTo("not valid UTF-8");
        }
        // JSON escapes can still spell a lone surrogate: the driver would store it as '?', merging ids.
        String lone = "{\"txn_id\":\"a\\ud800\",\"user_id\":\"u\",\"ts\":\"2026-11-25T10:00:00Z\",\"amount\":1}";
        assertThat(parse(lone).reason).isEqualTo("'txn_id' 'a\\ud800' holds a lone UTF-16 surrogate");
        assertThat(parse(withField("merchant", "\"\\udc00x\"")).reason).contains("lone UTF-16 surrogate");
        assertThat(parse(withField("merchant", "\"\\ud83d\\ude00\"")).txn.merchant).isEqualTo("\ud83d\ude00");
        String control = "{\"txn_id\":\"a\\u0000b\",\"user_id\":\"u\",\"ts\":\"2026-11-25T10:00:00Z\",\"amount\":1}";
        assertThat(parse(control).reason).isEqualTo("'txn_id' 'a\\u0000b' holds a control character");
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @Test
    void amountsAreBoundedBeforeAnyArithmetic() {
        assertThat(parse(amount("1e999999999")).reason).contains("more than 18 digits before the decimal point");
        assertThat(parse(amount("1e-999999999")).reason).contains("more than 18 digits after the decimal point");
        assertThat(parse(amount("\"1e99999999999\"")).reason).contains("is not a decimal number");
        assertThat(parse(amount("1" + "0".repeat(18))).reason).contains("more than 18 digits before");
        assertThat(parse(amount("9".repeat(18) + ".5")).txn.amount).isEqualTo(new BigDecimal("9".repeat(18) + ".5"));
        assertThat(parse(amount("\"" + "1".repeat(65) + "\"")).reason).contains("'amount' is longer than 64");
        assertThat(parse(amount("1" + "0".repeat(100))).reason).startsWith("not valid JSON").contains("Number");
        assertThat(parse(amount("1E+3")).txn.amount).isEqualTo(new BigDecimal("1000"));
        assertThat(parse(amount("-12.50")).txn.amount).isEqualTo(new BigDecimal("-12.50"));
        assertThat(parse(amount("NaN")).reason).startsWith("not valid JSON");
        assertThat(parse(amount("\"NaN\"")).reason).contains("not a decimal number");
        assertThat(parse(amount("\"Infinity\"")).reason).contains("not a decimal number");
    }

    private static String amount(String jsonValue) {
        return "{\"txn_id\":\"t\",\"user_id\":\"u\",\"ts\":\"2026-11-25T10:00:00Z\",\"amount\":" + jsonValue + "}";
    }

    @Test
    void sizeAndDepthAreBounded() {
        String big = withField("note", "\"" + "x".repeat(MAX_RECORD_BYTES) + "\"");
        assertThat(parse(big).reason).startsWith("record of " + big.length() + " bytes is larger than the limit of "
                + MAX_RECORD_BYTES);
        String deep = "[".repeat(40) + "]".repeat(40);
        assertThat(parse(withField("nested", deep)).reason).startsWith("not valid JSON").contains("depth");
        assertThat(parse(withField("nested", "[".repeat(10) + "]".repeat(10))).reason).isNull();
    }

    @Test
    void injectionTextIsDataNotAnError() {
        String text = "x'); DROP TABLE txn.table_catalog; --";
        TransactionParser.Result r = parse("{\"txn_id\":\"" + text + "\",\"user_id\":\"" + text
                + "\",\"ts\":\"2026-11-25T10:00:00Z\",\"amount\":1,\"merchant\":\"" + text + "\"}");
        assertThat(r.txn.txnId).isEqualTo(text);
        assertThat(r.txn.merchant).isEqualTo(text);
        assertThat(parse(withField("segment", "\"" + text + "\"")).reason).contains("not a valid segment id");
    }
}
