package io.tablecast.job.forecast;

import io.tablecast.connectors.model.RoutedTransaction;
import io.tablecast.job.operators.StateTtl;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.time.Duration;
import java.util.Iterator;
import java.util.Map;

/**
 * Keyed by user: counts each user's records per (segment, event-time hour) and, when the watermark passes the end of
 * an hour in which the user reached {@code floor} records, reports that hour ({@link UserHourCount}) for the schedule
 * to decide hot users from. Exact and independent of arrival order (every record of a user comes to one key), which a
 * plan needs: a plan made again after a restart must come out the same. A record of an hour already closed is not
 * counted ({@code lateRecordsNotCounted}).
 *
 * <p>State per user: the counts of its hours not yet closed, usually one or two entries; an hour leaves when it
 * closes (with a timer only for hours that reached the floor, so quiet users cost no timers) or, for a user who went
 * quiet, by TTL.
 */
public final class HotUserCounter extends KeyedProcessFunction<String, RoutedTransaction, UserHourCount> {
    private static final long serialVersionUID = 1L;

    private final long floor;
    private final Duration stateTtl;

    /** "hour/segment" → records; segments are validated identifiers, so the first '/' ends the hour. */
    private transient MapState<String, Long> openHours;
    private transient Counter reported;
    private transient Counter late;

    public HotUserCounter(long floor, Duration stateTtl) {
        if (floor < 1) {
            throw new IllegalArgumentException("the report floor must be at least 1: " + floor);
        }
        this.floor = floor;
        this.stateTtl = stateTtl;
    }

    @Override
    public void open(Configuration parameters) {
        openHours = getRuntimeContext().getMapState(StateTtl.expiring(
                new MapStateDescriptor<>("user-open-hours", Types.STRING, Types.LONG), stateTtl));
        var metrics = getRuntimeContext().getMetricGroup().addGroup("tablecast");
        reported = metrics.counter("busyUserHoursReported");
        late = metrics.counter("lateRecordsNotCounted");
    }

    @Override
    public void processElement(RoutedTransaction r, Context ctx, Collector<UserHourCount> out) throws Exception {
        long hour = SegmentHourCount.hourOf(r.txn.tsMillis);
        long watermark = ctx.timerService().currentWatermark();
        if (SegmentHourCount.endOf(hour) <= watermark) {
            late.inc();
            return;
        }
        String key = hour + "/" + r.segmentId;
        Long before = openHours.get(key);
        long n = (before == null ? 0 : before) + 1;
        openHours.put(key, n);
        if (before == null) {
            dropClosedHours(watermark);  // hours under the floor close without a timer
        }
        if (n == floor) {
            ctx.timerService().registerEventTimeTimer(SegmentHourCount.endOf(hour));
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<UserHourCount> out) throws Exception {
        long closing = SegmentHourCount.hourOf(timestamp - 1);
        for (Iterator<Map.Entry<String, Long>> it = openHours.iterator(); it.hasNext(); ) {
            Map.Entry<String, Long> e = it.next();
            int slash = e.getKey().indexOf('/');
            long hour = Long.parseLong(e.getKey().substring(0, slash));
            if (hour == closing && e.getValue() >= floor) {
                out.collect(new UserHourCount(e.getKey().substring(slash + 1), ctx.getCurrentKey(), hour, e.getValue()));
                reported.inc();
            }
            if (hour <= closing) {
                it.remove();
            }
        }
        clearIfEmpty();
    }

    /** An emptied map would stay in state (as an empty map) until its TTL: clear it, so a quiet user costs nothing. */
    private void clearIfEmpty() throws Exception {
        if (openHours.isEmpty()) {
            openHours.clear();
        }
    }

    private void dropClosedHours(long watermark) throws Exception {
        for (Iterator<String> it = openHours.keys().iterator(); it.hasNext(); ) {
            String key = it.next();
            long hour = Long.parseLong(key.substring(0, key.indexOf('/')));
            if (SegmentHourCount.endOf(hour) <= watermark) {
                it.remove();
            }
        }
    }
}
