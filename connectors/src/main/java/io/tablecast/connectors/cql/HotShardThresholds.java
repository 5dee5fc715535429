package io.tablecast.connectors.cql;

import java.io.Serializable;
import java.time.Duration;

/**
 * When the window-table sink calls a table hot: more rows a second than a shard should take, or writes slower at the
 * 99th percentile than the cluster should need. A hot table is what a split (issue #9) acts on; until then it is
 * shown (metrics, a warning) so that an operator sees it.
 */
public final class HotShardThresholds implements Serializable {
    private static final long serialVersionUID = 1L;

    private final double rowsPerSecond;
    private final Duration writeP99;

    public HotShardThresholds(double rowsPerSecond, Duration writeP99) {
        if (!(rowsPerSecond > 0) || writeP99.isNegative() || writeP99.isZero()) {
            throw new IllegalArgumentException("hot-shard thresholds must be positive");
        }
        this.rowsPerSecond = rowsPerSecond;
        this.writeP99 = writeP99;
    }

    public double rowsPerSecond() {
        return rowsPerSecond;
    }

    public Duration writeP99() {
        return writeP99;
    }
}
