package io.tablecast.connectors.kafka;

import io.tablecast.connectors.model.EventNotice;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ExternalEventParserTest {
    private static final long ARRIVAL = Instant.parse("2026-11-01T09:00:00Z").toEpochMilli();
    private final ExternalEventParser parser = new ExternalEventParser();

    private EventNotice parse(String json) {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8), ARRIVAL);
    }

    @Test
    void readsEveryFieldAndTakesTheKafkaTimestampAsTheAnnouncement() {
        EventNotice n = parse("{\"id\":\"bf-2026\",\"name\":\"Black Friday\",\"kind\":\"Promotion\","
                + "\"start\":\"2026-11-27T00:00:00Z\",\"end\":\"2026-11-28T00:00:00+00:00\","
                + "\"segments\":[\"retail\",\"smb\",\"retail\"],\"expected_effect\":2.5,\"extra\":1}");
        assertThat(n.rejectReason).isNull();
        assertThat(n.id).isEqualTo("bf-2026");
        assertThat(n.name).isEqualTo("Black Friday");
        assertThat(n.kind).isEqualTo(EventNotice.PROMOTION);
        assertThat(n.startMillis).isEqualTo(Instant.parse("2026-11-27T00:00:00Z").toEpochMilli());
        assertThat(n.endMillis).isEqualTo(Instant.parse("2026-11-28T00:00:00Z").toEpochMilli());
        assertThat(n.segments).containsExactly("retail", "smb");
        assertThat(n.expectedEffect).isEqualTo(2.5);
        assertThat(n.announcedAtMillis).isEqualTo(ARRIVAL);
    }

    @Test
    void anExplicitAnnouncementTimeWinsAndNoSegmentsMeansAll() {
        EventNotice n = parse("{\"id\":\"h1\",\"name\":\"Thanksgiving\",\"kind\":\"holiday\","
                + "\"start\":\"2026-11-26T00:00:00Z\",\"end\":\"2026-11-27T00:00:00Z\","
                + "\"announced\":\"2026-01-01T00:00:00Z\"}");
        assertThat(n.rejectReason).isNull();
        assertThat(n.segments).isEmpty();
        assertThat(n.expectedEffect).isNull();
        assertThat(n.announcedAtMillis).isEqualTo(Instant.parse("2026-01-01T00:00:00Z").toEpochMilli());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "not json|not valid JSON",
            "{\"name\":\"x\",\"kind\":\"news\",\"start\":\"2026-11-01T00:00:00Z\",\"end\":\"2026-11-02T00:00:00Z\"}"
                    + "|missing required field 'id'",
            "{\"id\":\"a b\",\"name\":\"x\",\"kind\":\"news\",\"start\":\"2026-11-01T00:00:00Z\","
                    + "\"end\":\"2026-11-02T00:00:00Z\"}|may hold only",
            "{\"id\":\"a\",\"name\":\"x\",\"kind\":\"sale\",\"start\":\"2026-11-01T00:00:00Z\","
                    + "\"end\":\"2026-11-02T00:00:00Z\"}|is not holiday, promotion or news",
            "{\"id\":\"a\",\"name\":\"x\",\"kind\":\"news\",\"start\":\"2026-11-02T00:00:00Z\","
                    + "\"end\":\"2026-11-01T00:00:00Z\"}|is not after 'start'",
            "{\"id\":\"a\",\"name\":\"x\",\"kind\":\"news\",\"start\":\"2026-01-01T00:00:00Z\","
                    + "\"end\":\"2026-03-01T00:00:00Z\"}|lasts longer than 31 days",
            "{\"id\":\"a\",\"name\":\"x\",\"kind\":\"news\",\"start\":\"+999999999-12-31T23:59:59Z\","
                    + "\"end\":\"2026-03-01T00:00:00Z\"}|outside the supported range",
            "{\"id\":\"a\",\"name\":\"x\",\"kind\":\"news\",\"start\":\"2026-11-01T00:00:00Z\","
                    + "\"end\":\"2026-11-02T00:00:00Z\",\"segments\":[\"ok\",\"x; DROP TABLE t\"]}"
                    + "|not a valid segment id",
            "{\"id\":\"a\",\"name\":\"x\",\"kind\":\"news\",\"start\":\"2026-11-01T00:00:00Z\","
                    + "\"end\":\"2026-11-02T00:00:00Z\",\"segments\":\"retail\"}|must be an array",
            "{\"id\":\"a\",\"name\":\"x\",\"kind\":\"news\",\"start\":\"2026-11-01T00:00:00Z\","
                    + "\"end\":\"2026-11-02T00:00:00Z\",\"expected_effect\":0}|is not a multiplier",
            "{\"id\":\"a\",\"name\":\"x\",\"kind\":\"news\",\"start\":\"2026-11-01T00:00:00Z\","
                    + "\"end\":\"2026-11-02T00:00:00Z\",\"expected_effect\":\"2\"}|must be a number",
            "{\"id\":\"a\",\"id\":\"b\",\"name\":\"x\",\"kind\":\"news\",\"start\":\"2026-11-01T00:00:00Z\","
                    + "\"end\":\"2026-11-02T00:00:00Z\"}|Duplicate field",
            "{\"id\":\"a\",\"name\":\"x\",\"kind\":\"news\",\"start\":\"2026-11-01T00:00:00Z\","
                    + "\"end\":\"2026-11-02T00:00:00Z\"} {}|more than one JSON value"})
    void refusesWithAReason(String json, String reason) {
        EventNotice n = parse(json);
        assertThat(n.isAccepted()).isFalse();
        assertThat(n.rejectReason).contains(reason);
    }

    @Test
    void refusesARecordTooLargeOrNotUtf8WithoutReadingIt() {
        byte[] huge = new byte[ExternalEventParser.MAX_RECORD_BYTES + 1];
        assertThat(parser.parse(huge, ARRIVAL).rejectReason).contains("larger than the limit");
        assertThat(parser.parse(new byte[] {'{', (byte) 0xC0, (byte) 0x80, '}'}, ARRIVAL).rejectReason)
                .isEqualTo("not valid UTF-8");
        assertThat(parser.parse(null, ARRIVAL).rejectReason).isEqualTo("empty record");
    }
}
