package io.tablecast.job.forecast;

import io.tablecast.connectors.model.EventNotice;
import io.tablecast.connectors.model.SegmentForecast;
import io.tablecast.forecasting.ExternalEvent;
import io.tablecast.forecasting.Forecast;
import io.tablecast.forecasting.HolidayCalendars;
import io.tablecast.forecasting.SegmentForecaster;
import io.tablecast.job.operators.StateTtl;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keyed by segment: adds up the hourly counts of every subtask, closes an hour when the watermark passes its end,
 * feeds it to the segment's {@link SegmentForecaster}, refits when one is due and emits the new forecast.
 *
 * <p>An hour with no record at all is a zero, not a gap: the stream kept flowing (the watermark moved), this
 * segment just had no traffic. So while a segment is alive its hours are closed on a chain of hourly timers, one
 * hour at a time; a segment without records for {@code idleAfter} of event time stops the chain, and its state
 * expires after {@code stateTtl} without writes. Refits are spread over the hour by segment (a fixed offset from the
 * segment id's hash), so a thousand segments due at the same hour do not all fit at once.
 *
 * <p>External events (holidays, promotions, news) come in as broadcast state, by id (a notice with a known id replaces
 * the earlier one), with the built-in holiday calendars configured. A refit at event time T uses the events that apply
 * to the segment and were announced by T, and no more than {@value #MAX_EVENTS_PER_FIT} of them (those nearest the
 * forecast), so a replay of history does not see announcements from its future and the state stays bounded. An event
 * announced for a time the stream has already passed (or not yet arrived, as the events stream does not hold event
 * time back) counts from the next refit after it arrives; on a replay that refit can differ, as it depends on when
 * the event arrived (see docs/architecture.md).
 *
 * <p>State per segment: the forecaster (a versioned snapshot, at most {@link SegmentForecaster#MAX_STATE_BYTES}),
 * counts of hours still open, the last hour closed and the last hour with records, a pending refit time. Broadcast:
 * the events, at most {@value #MAX_EVENTS} (the ones that ended longest ago go first).
 */
public final class SegmentVolumeForecaster
        extends KeyedBroadcastProcessFunction<String, SegmentHourCount, EventNotice, SegmentForecast> {
    private static final long serialVersionUID = 1L;
    static final int MAX_SEGMENT_METRICS = 200;
    static final int MAX_EVENTS = 10_000;
    static final int MAX_EVENTS_PER_FIT = 64;
    /** The events every subtask knows, by id. */
    public static final MapStateDescriptor<String, EventNotice> EVENTS = new MapStateDescriptor<>("external-events",
            Types.STRING, TypeInformation.of(EventNotice.class));
    private static final long HOUR_MILLIS = SegmentHourCount.HOUR_MILLIS;
    /** Every hour as it is closed, with its whole count: what the schedule compares its plans with. */
    public static final OutputTag<SegmentHourCount> CLOSED_HOURS = new OutputTag<>("closed-hours") {};

    private final double quantile;
    private final long idleAfterHours;
    private final Duration stateTtl;
    private final List<String> holidayCalendars;

    private transient MapState<Long, Long> openHours;
    private transient ValueState<byte[]> forecaster;
    private transient ValueState<Long> lastClosedHour;
    private transient ValueState<Long> lastActiveHour;
    private transient ValueState<Long> refitAt;
    private transient Counter hoursClosed;
    private transient Counter lateRecords;
    private transient Counter refits;
    private transient Counter forecastsIssued;
    private transient volatile long lastRefitMicros;
    private transient volatile long lastStateBytes;
    private transient Map<String, double[]> lastHour;
    private transient Counter segmentsWithoutMetrics;

    private transient Counter eventsReceived;
    private transient Counter eventsDropped;
    private transient volatile int eventsKnown;
    private transient List<ExternalEvent> calendarEvents;
    private transient int calendarYear;

    public SegmentVolumeForecaster(double quantile, Duration idleAfter, Duration stateTtl,
                                   List<String> holidayCalendars) {
        this.quantile = quantile;
        this.idleAfterHours = Math.max(1, idleAfter.toHours());
        this.stateTtl = stateTtl;
        this.holidayCalendars = List.copyOf(holidayCalendars);
    }

    @Override
    public void open(Configuration parameters) {
        openHours = getRuntimeContext().getMapState(StateTtl.expiring(
                new MapStateDescriptor<>("open-hours", Types.LONG, Types.LONG), stateTtl));
        forecaster = getRuntimeContext().getState(StateTtl.expiring(new ValueStateDescriptor<>("forecaster",
                PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO), stateTtl));
        lastClosedHour = getRuntimeContext().getState(StateTtl.expiring(
                new ValueStateDescriptor<>("last-closed-hour", Types.LONG), stateTtl));
        lastActiveHour = getRuntimeContext().getState(StateTtl.expiring(
                new ValueStateDescriptor<>("last-active-hour", Types.LONG), stateTtl));
        refitAt = getRuntimeContext().getState(StateTtl.expiring(
                new ValueStateDescriptor<>("refit-at", Types.LONG), stateTtl));

        MetricGroup metrics = getRuntimeContext().getMetricGroup().addGroup("tablecast");
        hoursClosed = metrics.counter("segmentHoursClosed");
        lateRecords = metrics.counter("lateRecordsNotCounted");
        refits = metrics.counter("forecastRefits");
        forecastsIssued = metrics.counter("forecastsIssued");
        metrics.gauge("lastRefitMicros", () -> lastRefitMicros);
        metrics.gauge("lastForecasterStateBytes", () -> lastStateBytes);
        segmentsWithoutMetrics = metrics.counter("segmentsWithoutMetrics");
        eventsReceived = metrics.counter("externalEventsReceived");
        eventsDropped = metrics.counter("externalEventsDropped");
        metrics.gauge("externalEventsKnown", () -> eventsKnown);
        lastHour = new HashMap<>();
    }

    @Override
    public void processBroadcastElement(EventNotice event, Context ctx, Collector<SegmentForecast> out)
            throws Exception {
        BroadcastState<String, EventNotice> events = ctx.getBroadcastState(EVENTS);
        events.put(event.id, event);
        eventsReceived.inc();
        int known = 0;
        String endedFirst = null;
        long earliestEnd = Long.MAX_VALUE;
        for (Map.Entry<String, EventNotice> e : events.entries()) {
            known++;
            if (e.getValue().endMillis < earliestEnd) {
                earliestEnd = e.getValue().endMillis;
                endedFirst = e.getKey();
            }
        }
        if (known > MAX_EVENTS) {
            events.remove(endedFirst);  // one in, one out: every subtask drops the same one
            eventsDropped.inc();
            known--;
        }
        eventsKnown = known;
    }

    @Override
    public void processElement(SegmentHourCount c, ReadOnlyContext ctx, Collector<SegmentForecast> out)
            throws Exception {
        Long closed = lastClosedHour.value();
        if (closed != null && c.hour <= closed) {
            lateRecords.inc(c.count);  // the hour is in the model already; its records are in their tables
            return;
        }
        Long open = openHours.get(c.hour);
        openHours.put(c.hour, (open == null ? 0 : open) + c.count);
        Long active = lastActiveHour.value();
        if (active == null || c.hour > active) {
            lastActiveHour.update(c.hour);
        }
        ctx.timerService().registerEventTimeTimer(SegmentHourCount.endOf(c.hour));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<SegmentForecast> out) throws Exception {
        Long refit = refitAt.value();
        if (refit != null && refit == timestamp) {
            refitAndIssue(ctx.getCurrentKey(), timestamp, eventsFor(ctx.getCurrentKey(), timestamp,
                    ctx.getBroadcastState(EVENTS)), out);
        }
        if (timestamp % SegmentHourCount.HOUR_MILLIS == 0) {
            closeHoursUntil(timestamp / SegmentHourCount.HOUR_MILLIS - 1, ctx);
        }
    }

    /** Feeds every hour after the last closed one up to {@code hour}: counts where records came, zeros elsewhere. */
    private void closeHoursUntil(long hour, OnTimerContext ctx) throws Exception {
        Long closed = lastClosedHour.value();
        if (closed != null && hour <= closed) {
            return;
        }
        SegmentForecaster f = load();
        // Bounded: a segment back after a long silence gets at most the history the forecaster holds.
        long from = closed == null ? hour : Math.max(closed + 1, hour - SegmentForecaster.HISTORY_HOURS + 1);
        for (long h = from; h <= hour; h++) {
            Long n = openHours.get(h);
            Forecast expected = f.nextHourForecast();  // made before the hour's count is known
            f.observe(h, n == null ? 0 : n);
            report(ctx.getCurrentKey(), n == null ? 0 : n, expected, f.recentCoverage());
            ctx.output(CLOSED_HOURS, new SegmentHourCount(ctx.getCurrentKey(), h, n == null ? 0 : n));
            if (n != null) {
                openHours.remove(h);
            }
            hoursClosed.inc();
        }
        lastClosedHour.update(hour);
        if (f.refitDue() && refitAt.value() == null) {
            long at = SegmentHourCount.endOf(hour) + spreadMillis(ctx.getCurrentKey());
            refitAt.update(at);
            ctx.timerService().registerEventTimeTimer(at);
        }
        store(f);
        Long active = lastActiveHour.value();
        if (active != null && hour - active < idleAfterHours) {
            ctx.timerService().registerEventTimeTimer(SegmentHourCount.endOf(hour + 1));
        }
    }

    /**
     * The events a refit of this segment at event time {@code now} may use: announced by then, applying to the
     * segment, from the broadcast state and the configured calendars; the {@value #MAX_EVENTS_PER_FIT} nearest to
     * now, in order of start.
     */
    List<ExternalEvent> eventsFor(String segment, long now, ReadOnlyBroadcastState<String, EventNotice> notices)
            throws Exception {
        List<ExternalEvent> events = new ArrayList<>();
        for (Map.Entry<String, EventNotice> e : notices.immutableEntries()) {
            EventNotice n = e.getValue();
            if (n.announcedAtMillis <= now && (n.segments.length == 0 || Arrays.asList(n.segments).contains(segment))) {
                events.add(new ExternalEvent(n.id, kindOf(n.kind), Math.floorDiv(n.startMillis, HOUR_MILLIS),
                        Math.floorDiv(n.endMillis + HOUR_MILLIS - 1, HOUR_MILLIS), null, n.expectedEffect));
            }
        }
        events.addAll(calendarHolidays(Instant.ofEpochMilli(now).atZone(ZoneOffset.UTC).getYear()));
        long nowHour = Math.floorDiv(now, HOUR_MILLIS);
        events.sort(Comparator.comparingLong((ExternalEvent e) -> Math.abs(e.startHour - nowHour))
                .thenComparing(e -> e.name));
        List<ExternalEvent> nearest = new ArrayList<>(events.subList(0, Math.min(MAX_EVENTS_PER_FIT,
                events.size())));
        nearest.sort(Comparator.comparingLong((ExternalEvent e) -> e.startHour).thenComparing(e -> e.name));
        return nearest;
    }

    /** The configured calendars' holidays from two years before {@code year} to the year after (the history held). */
    private List<ExternalEvent> calendarHolidays(int year) {
        if (calendarYear != year) {
            calendarEvents = HolidayCalendars.holidays(holidayCalendars, year - 2, year + 1, ZoneOffset.UTC);
            calendarYear = year;
        }
        return calendarEvents;
    }

    private static ExternalEvent.Kind kindOf(String kind) {
        switch (kind) {
            case EventNotice.HOLIDAY:
                return ExternalEvent.Kind.HOLIDAY;
            case EventNotice.PROMOTION:
                return ExternalEvent.Kind.PROMOTION;
            case EventNotice.NEWS:
                return ExternalEvent.Kind.NEWS;
            default:
                return ExternalEvent.Kind.OTHER;
        }
    }

    private void refitAndIssue(String segment, long issuedAt, List<ExternalEvent> events,
                               Collector<SegmentForecast> out) throws Exception {
        refitAt.clear();
        SegmentForecaster f = load();
        long started = System.nanoTime();
        f.refit(events);
        lastRefitMicros = (System.nanoTime() - started) / 1000;
        refits.inc();
        Forecast forecast = f.forecast();
        store(f);
        out.collect(new SegmentForecast(segment, forecast.firstHour, issuedAt, forecast.firstHour, forecast.point,
                forecast.upper, forecast.totals == null ? null : forecast.totals.offsets(), forecast.model,
                forecast.note).withDayTotals(forecast.totals == null ? null : forecast.totals.eventOffsets(),
                forecast.eventHours, forecast.totals == null ? null : forecast.totals.centres()));
        forecastsIssued.inc();
    }

    /**
     * Forecast against actual for the hour just closed, as gauges of the segment (group {@code segment.<id>}):
     * {@code lastHourActual}, {@code lastHourForecast}, {@code lastHourUpper} and {@code boundCoverage} (the share of
     * recent hours at or under the bound forecast for them). Registered for the first {@value #MAX_SEGMENT_METRICS}
     * segments a subtask sees; beyond that only counted ({@code segmentsWithoutMetrics}), to keep the metric
     * registry small.
     */
    private void report(String segment, long actual, Forecast expected, double coverage) {
        double[] figures = lastHour.get(segment);
        if (figures == null) {
            if (lastHour.size() >= MAX_SEGMENT_METRICS) {
                segmentsWithoutMetrics.inc();
                return;
            }
            double[] registered = new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN};
            MetricGroup group = getRuntimeContext().getMetricGroup().addGroup("tablecast").addGroup("segment",
                    segment);
            group.gauge("lastHourActual", () -> registered[0]);
            group.gauge("lastHourForecast", () -> registered[1]);
            group.gauge("lastHourUpper", () -> registered[2]);
            group.gauge("boundCoverage", () -> registered[3]);
            lastHour.put(segment, registered);
            figures = registered;
        }
        figures[0] = actual;
        figures[1] = expected == null ? Double.NaN : expected.point[0];
        figures[2] = expected == null ? Double.NaN : expected.upper[0];
        figures[3] = coverage;
    }

    /** A fixed offset within the hour per segment: String.hashCode is the same in every JVM. */
    static long spreadMillis(String segment) {
        return Math.floorMod(segment.hashCode(), 3600) * 1000L;
    }

    private SegmentForecaster load() throws Exception {
        byte[] bytes = forecaster.value();
        return bytes == null ? new SegmentForecaster(quantile) : SegmentForecaster.fromBytes(bytes, quantile);
    }

    private void store(SegmentForecaster f) throws Exception {
        byte[] bytes = f.toBytes();
        lastStateBytes = bytes.length;
        forecaster.update(bytes);
    }
}
