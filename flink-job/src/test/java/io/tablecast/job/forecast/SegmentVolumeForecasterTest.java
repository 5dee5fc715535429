package io.tablecast.job.forecast;

import io.tablecast.connectors.model.EventNotice;
import io.tablecast.connectors.model.SegmentForecast;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.clusterframework.types.ResourceID;
import org.apache.flink.runtime.executiongraph.ExecutionAttemptID;
import org.apache.flink.runtime.metrics.groups.TaskManagerMetricGroup;
import org.apache.flink.runtime.metrics.groups.TaskMetricGroup;
import org.apache.flink.runtime.metrics.util.TestingMetricRegistry;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;
import io.tablecast.job.testing.KeyedBroadcastHarness;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static io.tablecast.job.forecast.SegmentHourCount.HOUR_MILLIS;
import static io.tablecast.job.forecast.SegmentHourCount.endOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SegmentVolumeForecasterTest {
    private static final class Harness
            extends KeyedBroadcastHarness<String, SegmentHourCount, EventNotice, SegmentForecast> {
        Harness(SegmentVolumeForecaster f, KeySelector<SegmentHourCount, String> key, TypeInformation<String> type,
                MapStateDescriptor<?, ?>... broadcast) throws Exception {
            super(f, key, type, broadcast);
        }

        Harness(SegmentVolumeForecaster f, KeySelector<SegmentHourCount, String> key, TypeInformation<String> type,
                MockEnvironment env, MapStateDescriptor<?, ?>... broadcast) throws Exception {
            super(f, key, type, env, broadcast);
        }
    }

    private static final long H0 = 493_000;
    private static final Duration TTL = Duration.ofDays(30);

    private static Harness harness(Duration idleAfter) throws Exception {
        Harness h = new Harness(new SegmentVolumeForecaster(0.975, idleAfter, TTL, List.of()),
                c -> c.segmentId, Types.STRING, SegmentVolumeForecaster.EVENTS);
        h.open();
        return h;
    }

    private static void count(Harness h, String segment, long hour, long n) throws Exception {
        h.processElement(new SegmentHourCount(segment, hour, n), endOf(hour) - 1);
    }

    @Test
    void addsUpPartialCountsAndTakesSilentHoursAsZeros() throws Exception {
        try (var h = harness(Duration.ofDays(7))) {
            count(h, "retail", H0, 3);
            count(h, "retail", H0, 2);  // another subtask's share of the same hour
            // Four more hours pass with no retail record while the stream moves on.
            h.processWatermark(endOf(H0 + 4) + SegmentVolumeForecaster.spreadMillis("retail"));
            List<SegmentForecast> forecasts = h.extractOutputValues();
            assertThat(forecasts).isNotEmpty();
            SegmentForecast last = forecasts.get(forecasts.size() - 1);
            // Under a day of history the forecaster gives the flat mean: (5 + 0 + 0 + 0 + 0) / 5, not 5.
            assertThat(last.point[0]).isCloseTo(1.0, within(0.001));  // counts are held to 0.02 %
            assertThat(last.firstHour).isEqualTo(H0 + 5);
            assertThat(last.segmentId).isEqualTo("retail");
            assertThat(last.upper[0]).isGreaterThanOrEqualTo(last.point[0]);
        }
    }

    @Test
    void aCountForAnHourAlreadyClosedChangesNothing() throws Exception {
        try (var h = harness(Duration.ofDays(7))) {
            count(h, "retail", H0, 4);
            h.processWatermark(endOf(H0) + SegmentVolumeForecaster.spreadMillis("retail"));
            count(h, "retail", H0, 100);  // late
            h.processWatermark(endOf(H0 + 1) + SegmentVolumeForecaster.spreadMillis("retail"));
            List<SegmentForecast> forecasts = h.extractOutputValues();
            assertThat(forecasts.get(forecasts.size() - 1).point[0]).isCloseTo(2.0, within(0.001));  // (4 + 0) / 2
        }
    }

    @Test
    void refitsAreSpreadOverTheHourBySegment() throws Exception {
        // Golden: Java's String.hashCode of the ids, floorMod 3600 s (computed outside Java).
        assertThat(SegmentVolumeForecaster.spreadMillis("retail")).isEqualTo(3_475_000);
        assertThat(SegmentVolumeForecaster.spreadMillis("premium")).isEqualTo(263_000);
        try (var h = harness(Duration.ofDays(7))) {
            count(h, "retail", H0, 1);
            count(h, "premium", H0, 1);
            h.processWatermark(endOf(H0) + 263_000);
            assertThat(h.extractOutputValues()).extracting(f -> f.segmentId).containsExactly("premium");
            h.processWatermark(endOf(H0) + 3_475_000);
            assertThat(h.extractOutputValues()).extracting(f -> f.segmentId).containsExactly("premium", "retail");
        }
    }

    @Test
    void anIdleSegmentStopsItsHourlyTimers() throws Exception {
        try (var h = harness(Duration.ofHours(3))) {
            count(h, "retail", H0, 1);
            h.processWatermark(endOf(H0 + 1));
            assertThat(h.numEventTimeTimers()).isPositive();
            h.processWatermark(endOf(H0 + 10) + HOUR_MILLIS);
            assertThat(h.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void expiredStateStartsTheSegmentAfresh() throws Exception {
        try (var h = harness(Duration.ofHours(3))) {
            h.setStateTtlProcessingTime(0);
            count(h, "retail", H0 + 5, 7);
            h.processWatermark(endOf(H0 + 5) + SegmentVolumeForecaster.spreadMillis("retail"));
            h.setStateTtlProcessingTime(TTL.toMillis() + 1);
            // Without expiry this hour would be late (before the last one closed) and ignored.
            count(h, "retail", H0, 9);
            h.processWatermark(endOf(H0 + 20));
            SegmentForecast afresh = h.extractOutputValues().stream().filter(f -> f.firstHour == H0 + 1)
                    .findFirst().orElseThrow();
            assertThat(afresh.point[0]).isCloseTo(9.0, within(0.01));  // one hour known: the 9
        }
    }

    @Test
    void eachSegmentShowsItsForecastAgainstWhatCameAsMetrics() throws Exception {
        Map<String, Metric> metrics = new ConcurrentHashMap<>();
        TestingMetricRegistry registry = TestingMetricRegistry.builder()
                .setRegisterConsumer((metric, name, group) -> metrics.put(group.getMetricIdentifier(name), metric))
                .build();
        TaskMetricGroup task = TaskManagerMetricGroup.createTaskManagerMetricGroup(registry, "host",
                ResourceID.generate()).addJob(new JobID(), "job").addTask(ExecutionAttemptID.randomId(), "task");
        MockEnvironment env = new MockEnvironmentBuilder().setMetricGroup(task).build();
        try (var h = new Harness(new SegmentVolumeForecaster(0.975, Duration.ofDays(7), TTL, List.of()),
                (SegmentHourCount c) -> c.segmentId, Types.STRING, env, SegmentVolumeForecaster.EVENTS)) {
            h.open();
            for (long hour = H0; hour < H0 + 30; hour++) {
                count(h, "retail", hour, 10);
                h.processWatermark(endOf(hour) + SegmentVolumeForecaster.spreadMillis("retail"));
            }
            count(h, "retail", H0 + 30, 25);
            h.processWatermark(endOf(H0 + 30));
            assertThat(gauge(metrics, "segment.retail.lastHourActual")).isEqualTo(25.0);
            // An hour earlier the forecast for that hour was about the steady 10.
            assertThat((Double) gauge(metrics, "segment.retail.lastHourForecast")).isCloseTo(10.0, within(0.5));
            assertThat((Double) gauge(metrics, "segment.retail.lastHourUpper")).isGreaterThanOrEqualTo(10.0);
            assertThat((Double) gauge(metrics, "segment.retail.boundCoverage")).isBetween(0.0, 1.0);
        }
    }

    @Test
    void aRefitUsesTheEventsAnnouncedByItsTimeAndNoLaterOnes() throws Exception {
        long days = 28;
        long promoHour = H0 + (days + 2) * 24;
        double[] announcedEarly = promotionDayOverDayBefore(H0 * HOUR_MILLIS, promoHour, days);
        double[] announcedLate = promotionDayOverDayBefore((H0 + days * 24 + 48) * HOUR_MILLIS, promoHour, days);
        double[] none = promotionDayOverDayBefore(Long.MIN_VALUE, promoHour, days);
        assertThat(announcedEarly[0]).as("model %s", announcedEarly[1]).isGreaterThan(2.0);
        assertThat(announcedLate[0]).isEqualTo(none[0]).isLessThan(1.3);
        // The forecast says which hours the promotion falls in: the scheduler sizes that day by event days' bound.
        assertThat(announcedEarly[2]).isEqualTo(24);
        assertThat(announcedLate[2]).isZero();
        assertThat(none[2]).isZero();
    }

    /**
     * Feeds {@code days} of a steady daily cycle, with a promotion (×3 expected) two days later announced at
     * {@code announcedAt} (MIN_VALUE: no event at all), and returns the last forecast's volume on the promotion day
     * over the day before, the length of its model's name and how many hours it marks as event hours.
     */
    private static double[] promotionDayOverDayBefore(long announcedAt, long promoHour, long days) throws Exception {
        try (var h = harness(Duration.ofDays(7))) {
            if (announcedAt != Long.MIN_VALUE) {
                EventNotice promo = new EventNotice();
                promo.id = "sale";
                promo.name = "Sale";
                promo.kind = EventNotice.PROMOTION;
                promo.startMillis = promoHour * HOUR_MILLIS;
                promo.endMillis = (promoHour + 24) * HOUR_MILLIS;
                promo.segments = new String[] {"retail"};
                promo.expectedEffect = 3.0;
                promo.announcedAtMillis = announcedAt;
                h.processBroadcastElement(promo, announcedAt);
            }
            for (long hour = H0; hour < H0 + days * 24; hour++) {
                count(h, "retail", hour, 50 + Math.round(40 * Math.sin(Math.PI * (hour % 24) / 24.0)));
                h.processWatermark(endOf(hour) + SegmentVolumeForecaster.spreadMillis("retail"));
            }
            List<SegmentForecast> forecasts = h.extractOutputValues();
            SegmentForecast last = forecasts.get(forecasts.size() - 1);
            double promo = 0;
            double before = 0;
            for (int i = 0; i < 24; i++) {
                promo += last.point[(int) (promoHour - last.firstHour) + i];
                before += last.point[(int) (promoHour - 24 - last.firstHour) + i];
            }
            int eventHours = 0;
            for (int i = 0; last.eventHours != null && i < last.eventHours.length; i++) {
                eventHours += last.eventHours[i] ? 1 : 0;
            }
            return new double[] {promo / before, last.model.length(), eventHours};
        }
    }

    private static Object gauge(Map<String, Metric> metrics, String suffix) {
        return metrics.entrySet().stream().filter(e -> e.getKey().endsWith("tablecast." + suffix))
                .map(e -> ((Gauge<?>) e.getValue()).getValue()).findFirst()
                .orElseThrow(() -> new AssertionError("no metric " + suffix + " among " + metrics.keySet()));
    }
}
