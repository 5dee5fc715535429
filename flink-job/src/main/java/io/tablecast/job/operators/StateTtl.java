package io.tablecast.job.operators;

import org.apache.flink.api.common.state.StateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;

import java.time.Duration;

/** The state time-to-live the job's operators use: refreshed by every write, an expired value never read. */
public final class StateTtl {
    private StateTtl() {}

    /** The descriptor, its state expiring {@code ttl} after its last write. */
    public static <D extends StateDescriptor<?, ?>> D expiring(D descriptor, Duration ttl) {
        descriptor.enableTimeToLive(refreshedOnWrite(ttl));
        return descriptor;
    }

    private static StateTtlConfig refreshedOnWrite(Duration ttl) {
        return StateTtlConfig.newBuilder(ttl)
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .build();
    }
}
