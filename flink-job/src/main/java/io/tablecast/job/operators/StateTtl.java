package io.tablecast.job.operators;

import org.apache.flink.api.common.state.StateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;

import java.time.Duration;

/** The state time-to-live the job's operators use: refreshed by every write, an expired value never read. */
public final class StateTtl {
    private StateTtl() {}

    /** The descriptor, its state expiring {@code ttl} after its last write. */
    public static <D extends StateDescriptor<?, ?>> D expiring(D descriptor, Duration ttl) {
        descriptor.enableTimeToLive(refreshedOnWrite(ttl).build());
        return descriptor;
    }

    /**
     * As {@link #expiring}, for map state under one key that holds many entries (the window scheduler's): expired
     * entries are dropped when read and left out of full snapshots, but not by background cleanup. The heap
     * backend's incremental cleanup copies a key's whole map on every state access to look for expired entries;
     * under a single key of thousands of entries that made each access O(n) — the scheduler spent minutes of CPU on
     * it in the 5-week acceptance run. Such an operator must remove what it no longer needs itself.
     */
    public static <D extends StateDescriptor<?, ?>> D expiringWithoutBackgroundCleanup(D descriptor, Duration ttl) {
        descriptor.enableTimeToLive(refreshedOnWrite(ttl).disableCleanupInBackground().cleanupFullSnapshot().build());
        return descriptor;
    }

    private static StateTtlConfig.Builder refreshedOnWrite(Duration ttl) {
        return StateTtlConfig.newBuilder(ttl)
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired);
    }
}
