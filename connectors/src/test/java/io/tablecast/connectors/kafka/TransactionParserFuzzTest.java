package io.tablecast.connectors.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tablecast.connectors.kafka.internal.SafeText;
import io.tablecast.connectors.model.SegmentIds;
import io.tablecast.connectors.model.Transaction;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Drives the parser with arbitrary bytes, arbitrary JSON shapes and mutations of valid records. Whatever comes in,
 * the answer is exactly one of accepted or a reason, the same on a second read, quickly, and anything accepted meets
 * every rule the rest of the job relies on.
 */
class TransactionParserFuzzTest {
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final int MAX_RECORD_BYTES = 16 * 1024;
    /** Far above a normal parse (microseconds): only a pathological, input-driven blow-up could reach it. */
    private static final long TIME_BOUND_NANOS = Duration.ofMillis(500).toNanos();
    private static final String[] FIELDS = {"txn_id", "user_id", "ts", "amount", "currency", "type", "merchant",
            "segment"};

    private final TransactionParser parser = new TransactionParser(new ValidationRules(Duration.ofHours(1),
            Duration.ofDays(400), MAX_RECORD_BYTES, Clock.fixed(NOW, ZoneOffset.UTC)));
    private final ObjectMapper mapper = new ObjectMapper();

    @Property(tries = 3000)
    void arbitraryBytesGetAVerdict(@ForAll @Size(max = 20_000) byte[] raw) {
        checkVerdict(raw);
    }

    @Property(tries = 3000)
    void arbitraryJsonObjectsGetAVerdict(@ForAll("hostileObjects") String json) {
        checkVerdict(json.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 3000)
    void mutatedValidRecordsGetAVerdict(@ForAll("validRecords") String json, @ForAll("mutations") List<int[]> edits) {
        byte[] raw = json.getBytes(StandardCharsets.UTF_8);
        for (int[] edit : edits) {
            raw = mutate(raw, edit[0], edit[1], edit[2]);
        }
        checkVerdict(raw);
    }

    @Property(tries = 1000)
    void everyValidRecordIsAcceptedWithItsFieldsIntact(@ForAll("validRecords") String json) throws Exception {
        TransactionParser.Result result = parser.parse(json.getBytes(StandardCharsets.UTF_8), NOW.toEpochMilli());
        assertThat(result.reason).isNull();
        Map<?, ?> fields = mapper.readValue(json, Map.class);
        assertThat(result.txn.txnId).isEqualTo(fields.get("txn_id"));
        assertThat(result.txn.userId).isEqualTo(fields.get("user_id"));
        assertThat(result.txn.amount).isEqualByComparingTo(new BigDecimal(fields.get("amount").toString()));
    }

    private void checkVerdict(byte[] raw) {
        long start = System.nanoTime();
        TransactionParser.Result first = parser.parse(raw, NOW.toEpochMilli());
        long took = System.nanoTime() - start;
        assertThat(took).as("parse time in ns").isLessThan(TIME_BOUND_NANOS);
        assertThat(first.txn == null).as("exactly one of txn and reason").isNotEqualTo(first.reason == null);
        TransactionParser.Result again = parser.parse(raw, NOW.toEpochMilli());
        assertThat(again.reason).isEqualTo(first.reason);
        assertThat(again.txn).isEqualTo(first.txn);
        if (first.reason != null) {
            assertThat(first.reason).isNotBlank().hasSizeLessThan(400);
            assertThat(SafeText.excerpt(first.reason, 400)).as("reason is printable").isEqualTo(first.reason);
        } else {
            assertAcceptable(first.txn);
        }
    }

    /** What the routing, the table names and the CQL driver rely on for every accepted record. */
    private static void assertAcceptable(Transaction t) {
        for (String id : new String[] {t.txnId, t.userId}) {
            assertThat(id).isNotEmpty().hasSizeLessThanOrEqualTo(128);
            assertThat(SafeText.isWellFormed(id)).isTrue();
            assertThat(SafeText.hasControlCharacter(id)).isFalse();
        }
        for (String text : new String[] {t.type, t.merchant}) {
            if (text != null) {
                assertThat(SafeText.isWellFormed(text)).isTrue();
            }
        }
        assertThat(t.tsMillis).isBetween(0L, NOW.plus(Duration.ofHours(1)).toEpochMilli());
        assertThat(t.amount.scale()).isBetween(0, ValidationRules.MAX_AMOUNT_SCALE);
        assertThat(t.amount.precision() - t.amount.scale()).isLessThanOrEqualTo(18);
        if (t.segment != null) {
            assertThat(SegmentIds.isValid(t.segment)).isTrue();
        }
        if (t.currency != null) {
            assertThat(t.currency).matches("[A-Z]{3}");
        }
    }

    private static byte[] mutate(byte[] raw, int kind, int position, int value) {
        if (raw.length == 0) {
            return new byte[] {(byte) value};
        }
        int at = Math.floorMod(position, raw.length);
        switch (kind) {
            case 0: { // replace a byte
                byte[] out = raw.clone();
                out[at] = (byte) value;
                return out;
            }
            case 1: { // delete a byte
                byte[] out = new byte[raw.length - 1];
                System.arraycopy(raw, 0, out, 0, at);
                System.arraycopy(raw, at + 1, out, at, raw.length - at - 1);
                return out;
            }
            default: { // insert a byte
                byte[] out = new byte[raw.length + 1];
                System.arraycopy(raw, 0, out, 0, at);
                out[at] = (byte) value;
                System.arraycopy(raw, at, out, at + 1, raw.length - at);
                return out;
            }
        }
    }

    @Provide
    Arbitrary<List<int[]>> mutations() {
        Arbitrary<int[]> edit = Combinators.combine(Arbitraries.integers().between(0, 2),
                Arbitraries.integers(), Arbitraries.integers().between(0, 255)).as((k, p, v) -> new int[] {k, p, v});
        return edit.list().ofMinSize(1).ofMaxSize(4);
    }

    @Provide
    Arbitrary<String> validRecords() {
        Arbitrary<String> ids = Arbitraries.strings().withCharRange('!', '~').withChars("éü€")
                .ofMinLength(1).ofMaxLength(40).filter(s -> s.length() <= 128);
        Arbitrary<Long> ts = Arbitraries.longs().between(NOW.minus(Duration.ofDays(399)).toEpochMilli(),
                NOW.plus(Duration.ofMinutes(59)).toEpochMilli());
        Arbitrary<BigDecimal> amounts = Arbitraries.bigDecimals().between(new BigDecimal("-1e12"),
                new BigDecimal("1e12")).ofScale(2);
        Arbitrary<String> segments = Arbitraries.strings().withCharRange('a', 'z').numeric().withChars("_-")
                .ofMinLength(1).ofMaxLength(64);
        return Combinators.combine(ids, ids, ts, amounts, segments, Arbitraries.of(true, false))
                .as((txn, user, millis, amount, segment, isoTime) -> {
                    ObjectNode o = new ObjectMapper().createObjectNode();
                    o.put("txn_id", txn);
                    o.put("user_id", user);
                    if (isoTime) {
                        o.put("ts", Instant.ofEpochMilli(millis).toString());
                    } else {
                        o.put("ts", millis);
                    }
                    o.put("amount", amount);
                    o.put("segment", segment);
                    return o.toString();
                });
    }

    @Provide
    Arbitrary<String> hostileObjects() {
        Arbitrary<String> values = Arbitraries.oneOf(
                hostileStrings().map(TransactionParserFuzzTest::jsonString),
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.bigDecimals().map(BigDecimal::toString),
                Arbitraries.of("1e999999999", "-1e-999999999", "1E+308", "0.0000000000000000000001", "true",
                        "null", "[]", "{}", "[[[[[[[[[[]]]]]]]]]]", "\"+999999999-12-31T23:59:59Z\"",
                        "\"-999999999-01-01T00:00:00Z\"", "9223372036854775807", "-9223372036854775808",
                        "18446744073709551616", "\"2026-11-25T10:00:00Z\"", "\"2026-02-30T10:00:00Z\"",
                        "\"x'); DROP TABLE txn.table_catalog; --\"", "\"\\ud800\"", "\"\\udfff\\ud800\""));
        Arbitrary<String> names = Arbitraries.oneOf(Arbitraries.of(FIELDS), hostileStrings());
        Arbitrary<String[]> member = Combinators.combine(names, values).as((name, value) -> new String[] {name, value});
        // A valid record with some members replaced or added: hostile values reach every field's checks, not only
        // the first one the parser reads.
        return member.list().ofMaxSize(8).map(members -> {
            Map<String, String> record = new LinkedHashMap<>(Map.of("txn_id", "\"t1\"", "user_id", "\"u1\"",
                    "ts", "\"2026-11-25T10:00:00Z\"", "amount", "12.50"));
            for (String[] m : members) {
                record.put(m[0], m[1]);
            }
            StringBuilder json = new StringBuilder("{");
            record.forEach((name, value) -> json.append(json.length() > 1 ? "," : "").append(jsonString(name))
                    .append(':').append(value));
            return json.append('}').toString();
        });
    }

    private static Arbitrary<String> hostileStrings() {
        return Arbitraries.strings().all().ofMaxLength(300);
    }

    /** A JSON string literal of any Java string, lone surrogates included (as escapes, as a producer may send). */
    private static String jsonString(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c)) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.append('"').toString();
    }
}
