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
    private final TransactionParser parser = new TransactionParser(
            new ValidationRules(Duration.ofHours(1), Duration.ofDays(30), Clock.fixed(NOW, ZoneOffset.UTC)));

    private TransactionParser.Result parse(String json) {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8));
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
        assertThat(parser.parse(new byte[0]).reason).isEqualTo("empty record");
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
    void refusesTimestampsBeyondTheWallClockBoundsButNotWithinThem() {
        String template = "{\"txn_id\":\"t\",\"user_id\":\"u\",\"amount\":1,\"ts\":\"%s\"}";
        assertThat(parse(String.format(template, NOW.plus(Duration.ofMinutes(59)))).reason).isNull();
        assertThat(parse(String.format(template, NOW.plus(Duration.ofMinutes(61)))).reason)
                .contains("ahead of the wall clock");
        assertThat(parse(String.format(template, "2100-01-01T00:00:00Z")).reason).contains("ahead of the wall clock");
        assertThat(parse(String.format(template, NOW.minus(Duration.ofDays(29)))).reason).isNull();
        assertThat(parse(String.format(template, NOW.minus(Duration.ofDays(31)))).reason)
                .contains("older than the retention");
    }
}
