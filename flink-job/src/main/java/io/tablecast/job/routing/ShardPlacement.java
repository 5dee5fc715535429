package io.tablecast.job.routing;

import io.tablecast.connectors.model.WindowPlan;

import java.io.Serializable;
import java.time.Duration;

/**
 * How a window's records are placed among its shards, stamped into each plan when it is made so that the window keeps
 * it for good (a later configuration changes later windows only). A plan restored from a version before the ring
 * carries routing 0: the user hash modulo the shard count.
 */
public final class ShardPlacement implements Serializable {
    private static final long serialVersionUID = 1L;

    public static final int USER_HASH = 0;
    public static final int RING = 1;
    private static final ShardRouter LEGACY = new StableHashShardRouter();

    private final long routingIntervalMillis;
    private final int virtualNodes;

    public ShardPlacement(Duration routingInterval, int virtualNodes) {
        if (routingInterval.toMillis() < 1 || virtualNodes < 1) {
            throw new IllegalArgumentException("routing interval and virtual nodes must be positive");
        }
        this.routingIntervalMillis = routingInterval.toMillis();
        this.virtualNodes = virtualNodes;
    }

    /** Records in the plan how its window's shards are chosen. */
    public void stamp(WindowPlan plan) {
        plan.routing = RING;
        plan.routingIntervalMillis = routingIntervalMillis;
        plan.virtualNodes = virtualNodes;
    }

    /** The router a plan names. */
    public static ShardRouter routerOf(WindowPlan plan) {
        if (plan.routing == USER_HASH) {
            return LEGACY;
        }
        if (plan.routing == RING) {
            return new RingShardRouter(plan.routingIntervalMillis, plan.virtualNodes, plan.hotUsers, plan.splits);
        }
        throw new IllegalStateException("plan of window " + plan.windowStartMillis + " names routing " + plan.routing
                + ", which this version does not know: it was made by a newer version");
    }
}
