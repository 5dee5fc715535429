package io.tablecast.job.operators;

import io.tablecast.connectors.cql.AllocationCommand;
import io.tablecast.job.routing.ShardRouter;
import io.tablecast.job.routing.TimeWindows;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

import java.time.Duration;

/**
 * Keyed by segment: keeps the tables of the current window and the next {@code premakeWindows} windows created,
 * for every shard, ahead of need. "Current" is taken twice: by the wall clock, checked on a timer, so live traffic
 * finds its tables ready however quiet the stream is; and by the event time of arriving records, so a backfill of
 * older data gets its windows too. Far-future timestamps never reach it: validation dead-letters them first.
 *
 * <p>State per segment: the windows already planned (each expires after the retention) and when the segment was
 * last seen; a segment idle for longer than {@code segmentIdleExpiry} is forgotten and its timer stops.
 */
public final class PremakePlanner extends KeyedProcessFunction<String, WindowSighting, AllocationCommand> {
    private static final long serialVersionUID = 1L;

    private final TimeWindows windows;
    private final ShardRouter shards;
    private final int premakeWindows;
    private final long checkIntervalMillis;
    private final long idleExpiryMillis;
    private final Duration plannedTtl;

    private transient MapState<Long, Boolean> planned;
    private transient ValueState<Long> lastSeen;
    private transient ValueState<Long> nextCheck;
    private transient Counter commands;

    public PremakePlanner(TimeWindows windows, ShardRouter shards, int premakeWindows, Duration checkInterval,
                          Duration segmentIdleExpiry, Duration retention) {
        this.windows = windows;
        this.shards = shards;
        this.premakeWindows = premakeWindows;
        this.checkIntervalMillis = checkInterval.toMillis();
        this.idleExpiryMillis = segmentIdleExpiry.toMillis();
        this.plannedTtl = retention.plus(Duration.ofMillis(windows.lengthMillis()));
    }

    @Override
    public void open(Configuration parameters) {
        MapStateDescriptor<Long, Boolean> plannedDescriptor =
                new MapStateDescriptor<>("planned-windows", Types.LONG, Types.BOOLEAN);
        plannedDescriptor.enableTimeToLive(StateTtlConfig.newBuilder(plannedTtl)
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .build());
        planned = getRuntimeContext().getMapState(plannedDescriptor);
        lastSeen = getRuntimeContext().getState(new ValueStateDescriptor<>("last-seen", Types.LONG));
        nextCheck = getRuntimeContext().getState(new ValueStateDescriptor<>("next-check", Types.LONG));
        commands = getRuntimeContext().getMetricGroup().addGroup("tablecast").counter("allocationCommands");
    }

    @Override
    public void processElement(WindowSighting sighting, Context ctx, Collector<AllocationCommand> out)
            throws Exception {
        long now = ctx.timerService().currentProcessingTime();
        lastSeen.update(now);
        planAhead(sighting.segmentId, sighting.intervalId, "premake:event-time", out);
        planAhead(sighting.segmentId, windows.intervalId(now), "premake:clock", out);
        if (nextCheck.value() == null) {
            long at = now + checkIntervalMillis;
            ctx.timerService().registerProcessingTimeTimer(at);
            nextCheck.update(at);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<AllocationCommand> out) throws Exception {
        Long seen = lastSeen.value();
        if (seen == null || timestamp - seen > idleExpiryMillis) {
            planned.clear();
            lastSeen.clear();
            nextCheck.clear();
            return;
        }
        planAhead(ctx.getCurrentKey(), windows.intervalId(timestamp), "premake:clock", out);
        long at = timestamp + checkIntervalMillis;
        ctx.timerService().registerProcessingTimeTimer(at);
        nextCheck.update(at);
    }

    private void planAhead(String segment, long fromInterval, String reason, Collector<AllocationCommand> out)
            throws Exception {
        for (long interval = fromInterval; interval <= fromInterval + premakeWindows; interval++) {
            if (planned.contains(interval)) {
                continue;
            }
            int shardCount = shards.shardCount(segment);
            for (int shard = 0; shard < shardCount; shard++) {
                out.collect(AllocationCommand.create(segment, windows.startMillis(interval),
                        windows.endMillis(interval), shard, shardCount, 0, reason));
                commands.inc();
            }
            planned.put(interval, Boolean.TRUE);
        }
    }
}
