package io.tablecast.job.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Records a hostile or careless producer sends, each with what must become of it: a dead letter whose reason holds
 * {@link Entry#reasonFragment}, or (for {@code null}) a row stored verbatim under {@link Entry#txnId}. Among them the
 * two that stopped the job before this corpus existed: an overflowing timestamp and a ~450 KB record.
 */
public final class HostileCorpus {
    /** Injection text travels as data: stored exactly as sent when the field allows any string. */
    public static final String INJECTION = "x'); DROP TABLE txn.table_catalog; --";

    public static final class Entry {
        public final String name;
        /** Null stands for a Kafka tombstone. */
        public final byte[] value;
        /** Null when the record is valid. */
        public final String reasonFragment;
        public final String txnId;

        Entry(String name, byte[] value, String reasonFragment, String txnId) {
            this.name = name;
            this.value = value;
            this.reasonFragment = reasonFragment;
            this.txnId = txnId;
        }

        public boolean valid() {
            return reasonFragment == null;
        }
    }

    private final List<Entry> entries = new ArrayList<>();
    private final String ts;

    private HostileCorpus(Instant eventTime) {
        this.ts = eventTime.toString();
    }

    /** The corpus with valid records stamped at {@code eventTime} (which must be near now). */
    public static List<Entry> build(Instant eventTime) {
        HostileCorpus c = new HostileCorpus(eventTime);
        c.addInvalid();
        c.addValid();
        return c.entries;
    }

    private String record(String txnId, String extra) {
        return "{\"txn_id\":\"" + txnId + "\",\"user_id\":\"u-" + txnId + "\",\"ts\":\"" + ts + "\",\"amount\":\"12.50\""
                + extra + "}";
    }

    private String withTs(String txnId, String tsJson) {
        return "{\"txn_id\":\"" + txnId + "\",\"user_id\":\"u\",\"ts\":" + tsJson + ",\"amount\":1}";
    }

    private String withAmount(String txnId, String amountJson) {
        return "{\"txn_id\":\"" + txnId + "\",\"user_id\":\"u\",\"ts\":\"" + ts + "\",\"amount\":" + amountJson + "}";
    }

    private void invalid(String name, String json, String reason) {
        invalid(name, json.getBytes(StandardCharsets.UTF_8), reason);
    }

    private void invalid(String name, byte[] value, String reason) {
        entries.add(new Entry(name, value, reason, null));
    }

    private void valid(String name, String txnId, String json) {
        entries.add(new Entry(name, json.getBytes(StandardCharsets.UTF_8), null, txnId));
    }

    private void addInvalid() {
        invalid("overflowing timestamp", withTs("h1", "\"+999999999-12-31T23:59:59Z\""), "outside the supported range");
        invalid("most negative timestamp", withTs("h2", "\"-999999999-01-01T00:00:00Z\""), "outside the supported range");
        invalid("Long.MAX_VALUE millis", withTs("h3", String.valueOf(Long.MAX_VALUE)), "outside the supported range");
        invalid("30-digit millis", withTs("h4", "1" + "0".repeat(30)), "outside the supported range");
        invalid("year 2100", withTs("h5", "\"2100-01-01T00:00:00Z\""), "ahead of");
        invalid("1970 is past retention", withTs("h6", "0"), "older than the retention");
        invalid("timestamp as a float", withTs("h7", "1.7E12"), "ISO-8601 instant or epoch milliseconds");
        invalid("timestamp as an object", withTs("h8", "{\"$date\":1}"), "ISO-8601 instant or epoch milliseconds");
        invalid("huge exponent", withAmount("h9", "1e999999999"), "digits before the decimal point");
        invalid("tiny exponent", withAmount("h10", "1e-999999999"), "digits after the decimal point");
        invalid("exponent beyond int", withAmount("h11", "\"1e99999999999\""), "not a decimal number");
        invalid("200-digit amount", withAmount("h12", "9".repeat(200)), "not valid JSON");
        invalid("NaN amount", withAmount("h13", "NaN"), "not valid JSON");
        invalid("amount as a list", withAmount("h14", "[1]"), "must be a decimal number");
        invalid("truncated JSON", "{\"txn_id\":\"h15\",", "not valid JSON");
        invalid("not JSON at all", "hello", "not valid JSON");
        invalid("a JSON array", "[1,2,3]", "not a JSON object");
        invalid("two values in one record", record("h16", "") + record("h17", ""), "more than one JSON value");
        invalid("duplicate txn_id", record("h18", ",\"txn_id\":\"h19\""), "Duplicate field");
        invalid("txn_id a number", "{\"txn_id\":7,\"user_id\":\"u\",\"ts\":\"" + ts + "\",\"amount\":1}",
                "'txn_id' must be a string");
        invalid("overlong txn_id", record("x".repeat(129), ""), "longer than 128");
        invalid("overlong merchant", record("h20", ",\"merchant\":\"" + "m".repeat(257) + "\""), "longer than 256");
        invalid("lone surrogate in txn_id", record("h21\\ud800", ""), "lone UTF-16 surrogate");
        invalid("lone surrogate in user_id",
                "{\"txn_id\":\"h22\",\"user_id\":\"\\udc00\",\"ts\":\"" + ts + "\",\"amount\":1}", "lone UTF-16 surrogate");
        invalid("NUL in txn_id", record("h23\\u0000", ""), "control character");
        invalid("Latin-1 bytes", record("h24", ",\"merchant\":\"café\"").getBytes(StandardCharsets.ISO_8859_1),
                "not valid UTF-8");
        byte[] beforeMerchant = ("{\"txn_id\":\"h25\",\"user_id\":\"u\",\"ts\":\"" + ts + "\",\"amount\":1,\"merchant\":\"")
                .getBytes(StandardCharsets.UTF_8);
        invalid("overlong UTF-8 for '/'", concat(beforeMerchant, new byte[] {(byte) 0xC0, (byte) 0xAF, '"', '}'}),
                "not valid UTF-8");
        invalid("arbitrary binary", new byte[] {0, (byte) 0xff, 1, (byte) 0xfe, 2, (byte) 0x80}, "not valid UTF-8");
        invalid("injection as a segment", record("h26", ",\"segment\":\"" + INJECTION + "\""),
                "not a valid segment id");
        invalid("injection as a currency", record("h27", ",\"currency\":\"" + INJECTION + "\""), "'currency'");
        invalid("nested 100 deep", record("h28", ",\"x\":" + "[".repeat(100) + "]".repeat(100)), "not valid JSON");
        invalid("empty record", new byte[0], "empty record");
        invalid("tombstone", (byte[]) null, "empty record");
        invalid("450 KB record", record("h29", ",\"note\":\"" + "n".repeat(450_000) + "\""), "larger than the limit");
        invalid("10 MB record", record("h30", ",\"note\":\"" + "é".repeat(5_000_000) + "\""), "larger than the limit");
    }

    private void addValid() {
        valid("injection in every free-text field", INJECTION, "{\"txn_id\":\"" + INJECTION + "\",\"user_id\":\"" + INJECTION + "\",\"ts\":\"" + ts + "\",\"amount\":\"12.50\",\"type\":\""
                + INJECTION + "\",\"merchant\":\"" + INJECTION + "\"}");
        valid("a valid surrogate pair", "v-\ud83d\ude00", record("v-\\ud83d\\ude00", ""));
        valid("an amount in E notation", "v-e", withAmount("v-e", "1E+3"));
        for (int i = 0; i < 200; i++) {
            valid("plain " + i, "v" + i, record("v" + i, ""));
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }
}
