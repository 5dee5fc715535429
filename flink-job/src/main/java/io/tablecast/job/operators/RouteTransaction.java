package io.tablecast.job.operators;

import io.tablecast.connectors.cql.TableNames;
import io.tablecast.connectors.model.RoutedTransaction;
import io.tablecast.connectors.model.Transaction;
import io.tablecast.job.routing.SegmentAssigner;
import io.tablecast.job.routing.ShardRouter;
import io.tablecast.job.routing.TimeWindows;
import org.apache.flink.api.common.functions.MapFunction;

/** Gives each transaction its segment, time window, shard and table. Stateless and deterministic. */
public final class RouteTransaction implements MapFunction<Transaction, RoutedTransaction> {
    private static final long serialVersionUID = 1L;

    private final SegmentAssigner segments;
    private final ShardRouter shards;
    private final TimeWindows windows;

    public RouteTransaction(SegmentAssigner segments, ShardRouter shards, TimeWindows windows) {
        this.segments = segments;
        this.shards = shards;
        this.windows = windows;
    }

    @Override
    public RoutedTransaction map(Transaction txn) {
        String segment = segments.segmentOf(txn);
        long interval = windows.intervalId(txn.tsMillis);
        int shard = shards.shardOf(segment, txn.userId);
        return new RoutedTransaction(txn, segment, interval, shard,
                TableNames.windowTable(segment, windows.startMillis(interval), shard));
    }
}
