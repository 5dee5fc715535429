package io.tablecast.connectors.kafka;

import io.tablecast.connectors.model.SegmentControl;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class SegmentControlParserTest {
    private static final long ARRIVAL = Instant.parse("2026-11-01T09:00:00Z").toEpochMilli();
    private final SegmentControlParser parser = new SegmentControlParser("user-profiles", "segment-rules");

    private SegmentControl profile(String key, String json) {
        return parser.parse("user-profiles", key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                json == null ? null : json.getBytes(StandardCharsets.UTF_8), ARRIVAL);
    }

    private SegmentControl rules(String json) {
        return parser.parse("segment-rules", null, json.getBytes(StandardCharsets.UTF_8), ARRIVAL);
    }

    @Test
    void aProfileKeyedByItsUserWithSortedAttributesAsTextHoldsFromItsPublication() {
        SegmentControl c = profile("ann", "{\"segment\": \"vip\", \"attributes\": {\"tier\": \"gold\", \"age\": 41,"
                + " \"student\": false, \"nickname\": null}}");
        assertThat(c.rejectReason).isNull();
        assertThat(c.isProfile()).isTrue();
        assertThat(c.profile.userId).isEqualTo("ann");
        assertThat(c.profile.segment).isEqualTo("vip");
        assertThat(c.profile.attributeNames).containsExactly("age", "student", "tier");
        assertThat(c.profile.attributeValues).containsExactly("41", "false", "gold");
        assertThat(c.profile.attribute("tier")).isEqualTo("gold");
        assertThat(c.profile.attribute("nickname")).as("null: not set").isNull();
        assertThat(c.profile.effectiveFromMillis).isEqualTo(ARRIVAL);
    }

    @Test
    void anEffectiveTimeWinsAndATombstoneIsAnEmptyProfile() {
        SegmentControl c = profile("ann", "{\"user_id\": \"ann\", \"effective_from\": \"2026-12-01T00:00:00Z\"}");
        assertThat(c.profile.effectiveFromMillis).isEqualTo(Instant.parse("2026-12-01T00:00:00Z").toEpochMilli());
        assertThat(c.profile.segment).isNull();

        SegmentControl deleted = profile("bob", null);
        assertThat(deleted.rejectReason).isNull();
        assertThat(deleted.profile.userId).isEqualTo("bob");
        assertThat(deleted.profile.segment).isNull();
        assertThat(deleted.profile.attributeNames).isEmpty();
        assertThat(deleted.profile.effectiveFromMillis).isEqualTo(ARRIVAL);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "ann|{\"segment\": \"a b\"}|'segment' 'a b' is not a segment id",
            "ann|{\"segmnet\": \"vip\"}|unknown field 'segmnet'",
            "ann|{\"user_id\": \"bob\"}|'user_id' 'bob' is not the record's key 'ann'",
            "ann|{\"attributes\": [1]}|'attributes' must be an object",
            "ann|{\"attributes\": {\"a-b\": 1}}|attribute name 'a-b' may hold only letters",
            "ann|{\"attributes\": {\"a\": {\"b\": 1}}}|attribute 'a' must be a string",
            "ann|{\"effective_from\": \"tomorrow\"}|'effective_from' 'tomorrow' is not an ISO-8601 instant",
            "ann|[1]|not a JSON object",
            "|{}|a profile's key must be its user id"})
    void aBadProfileIsRefusedWithItsReason(String key, String json, String reason) {
        SegmentControl c = profile(key, json);
        assertThat(c.isAccepted()).isFalse();
        assertThat(c.profile).isNull();
        assertThat(c.rejectReason).contains(reason);
    }

    @Test
    void tooManyAttributesAreRefused() {
        StringBuilder json = new StringBuilder("{\"attributes\": {");
        for (int i = 0; i <= SegmentControlParser.MAX_ATTRIBUTES; i++) {
            json.append(i == 0 ? "" : ", ").append("\"a").append(i).append("\": ").append(i);
        }
        assertThat(profile("ann", json.append("}}").toString()).rejectReason)
                .isEqualTo("more than " + SegmentControlParser.MAX_ATTRIBUTES + " attributes");
    }

    @Test
    void aRulesVersionCarriesItsRulesAsTextAndItsEffectiveTime() {
        SegmentControl c = rules("{\"effective_from\": \"2026-12-01T00:00:00Z\", \"rules\": {\"default\": \"casual\","
                + " \"rules\": []}}");
        assertThat(c.rejectReason).isNull();
        assertThat(c.isProfile()).isFalse();
        assertThat(c.rulesJson).isEqualTo("{\"default\":\"casual\",\"rules\":[]}");
        assertThat(c.rulesEffectiveFromMillis).isEqualTo(Instant.parse("2026-12-01T00:00:00Z").toEpochMilli());
        assertThat(rules("{\"rules\": {}}").rulesEffectiveFromMillis).isEqualTo(ARRIVAL);
        assertThat(rules("{\"rules\": []}").rejectReason).contains("'rules' must be the rules object");
        assertThat(rules("{\"rule\": {}}").rejectReason).contains("unknown field 'rule'");
        assertThat(parser.parse("other", null, new byte[] {'{', '}'}, ARRIVAL).rejectReason)
                .contains("neither user-profiles nor segment-rules");
    }
}
