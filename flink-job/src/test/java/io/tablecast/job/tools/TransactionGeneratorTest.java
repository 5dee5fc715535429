package io.tablecast.job.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class TransactionGeneratorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static TransactionGenerator.Settings settings() {
        TransactionGenerator.Settings s = new TransactionGenerator.Settings();
        s.start = Instant.parse("2026-11-02T00:00:00Z");
        s.span = Duration.ofDays(7);
        s.meanPerHour = 100;
        s.malformedShare = 0.05;
        return s;
    }

    @Test
    void sameSeedSameLinesAndIdsAreUnique() {
        List<TransactionGenerator.Line> a = new TransactionGenerator(settings()).generateAll();
        List<TransactionGenerator.Line> b = new TransactionGenerator(settings()).generateAll();
        assertThat(a).extracting(l -> l.json).isEqualTo(b.stream().map(l -> l.json).collect(Collectors.toList()));
        assertThat(a.stream().map(l -> l.txnId).distinct().count()).isEqualTo(a.size());
    }

    @Test
    void malformedShareIsRoughlyAsAsked() {
        List<TransactionGenerator.Line> lines = new TransactionGenerator(settings()).generateAll();
        double share = lines.stream().filter(l -> l.malformed).count() / (double) lines.size();
        assertThat(share).isBetween(0.035, 0.065);
    }

    @Test
    void holidaysDipAndPromotionsSpike() {
        TransactionGenerator.Settings s = settings();
        s.holidays = Set.of(LocalDate.parse("2026-11-03"));
        s.promotions = Set.of(LocalDate.parse("2026-11-04"));
        List<TransactionGenerator.Line> lines = new TransactionGenerator(s).generateAll();
        long mon = countOn(lines, "2026-11-02");
        assertThat(countOn(lines, "2026-11-03")).isLessThan(mon / 2);
        assertThat(countOn(lines, "2026-11-04")).isGreaterThan(mon * 2);
    }

    @Test
    void afewUsersMakeMostOfTheTraffic() {
        List<TransactionGenerator.Line> lines = new TransactionGenerator(settings()).generateAll();
        long top10 = lines.stream().filter(l -> l.json.matches(".*\"user_id\":\"u([1-9]|10)\".*")).count();
        assertThat(top10).isGreaterThan(lines.size() / 4);
    }

    @Test
    void skewedSegmentsRangeFromBusyToNearlySilentAndEachUserStaysInOne() throws Exception {
        TransactionGenerator.Settings s = settings();
        s.segments = IntStream.range(0, 200).mapToObj(i -> "s" + i).collect(Collectors.toList());
        s.segmentSkew = 1.0;
        s.unsegmentedShare = 0;
        s.malformedShare = 0;
        Map<String, Long> perSegment = new HashMap<>();
        Map<String, String> segmentOfUser = new HashMap<>();
        ObjectMapper json = new ObjectMapper();
        for (TransactionGenerator.Line l : new TransactionGenerator(s).generateAll()) {
            JsonNode n = json.readTree(l.json);
            String segment = n.get("segment").asText();
            perSegment.merge(segment, 1L, Long::sum);
            String before = segmentOfUser.putIfAbsent(n.get("user_id").asText(), segment);
            assertThat(before == null ? segment : before).isEqualTo(segment);
        }
        long total = perSegment.values().stream().mapToLong(Long::longValue).sum();
        // Zipf(1.0) over 200: the first holds 1/H(200) = 17 % of the traffic, the last 1/200 of that.
        assertThat(perSegment.get("s0") / (double) total).isBetween(0.15, 0.19);
        assertThat(perSegment.getOrDefault("s199", 0L)).isLessThan(perSegment.get("s0") / 50);
    }

    @Test
    void aSurgeMultipliesOneSegmentFromItsStartAndLeavesEverythingBeforeAsItWas() throws Exception {
        TransactionGenerator.Settings s = settings();
        s.segments = IntStream.range(0, 20).mapToObj(i -> "s" + i).collect(Collectors.toList());
        s.segmentSkew = 1.0;
        s.unsegmentedShare = 0;
        s.malformedShare = 0;
        List<TransactionGenerator.Line> calm = new TransactionGenerator(s).generateAll();
        s.surgeSegment = "s3";
        s.surgeFrom = Instant.parse("2026-11-06T00:00:00Z");
        List<TransactionGenerator.Line> surging = new TransactionGenerator(s).generateAll();

        assertThat(jsonBefore(surging, s.surgeFrom)).isEqualTo(jsonBefore(calm, s.surgeFrom));
        double ratio = countOf(surging, "s3", "2026-11-06") / (double) countOf(calm, "s3", "2026-11-06");
        assertThat(ratio).isBetween(3.5, 6.5);
    }

    private static List<String> jsonBefore(List<TransactionGenerator.Line> lines, Instant t) throws Exception {
        List<String> before = new ArrayList<>();
        for (TransactionGenerator.Line l : lines) {
            if (Instant.parse(JSON.readTree(l.json).get("ts").asText()).isBefore(t)) {
                before.add(l.json);
            }
        }
        return before;
    }

    private static long countOf(List<TransactionGenerator.Line> lines, String segment, String day) {
        return lines.stream().filter(l -> l.json.contains("\"ts\":\"" + day)
                && l.json.contains("\"segment\":\"" + segment + "\"")).count();
    }

    private static long countOn(List<TransactionGenerator.Line> lines, String date) {
        return lines.stream().filter(l -> l.json.contains("\"ts\":\"" + date)).count();
    }
}
