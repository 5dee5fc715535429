package io.tablecast.connectors.testing;

import org.apache.flink.api.common.functions.RichFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.groups.OperatorIOMetricGroup;
import org.apache.flink.metrics.groups.OperatorMetricGroup;
import org.apache.flink.metrics.groups.UnregisteredMetricsGroup;
import org.apache.flink.metrics.testutils.MetricListener;
import org.apache.flink.runtime.metrics.groups.ProxyMetricGroup;
import org.apache.flink.streaming.util.MockStreamingRuntimeContext;

/**
 * Gives a sink function the runtime context Flink would, with metrics that a test can read back: the sinks are
 * tested directly, their counters included, without a whole job around them.
 */
public final class SinkDriver {
    private final MetricListener metrics = new MetricListener();

    public SinkDriver(RichFunction sink) {
        OperatorMetricGroup group = new ListenedOperatorGroup(metrics.getMetricGroup());
        sink.setRuntimeContext(new MockStreamingRuntimeContext(true, 1, 0) {
            @Override
            public OperatorMetricGroup getMetricGroup() {
                return group;
            }
        });
    }

    /** The counter registered under {@code tablecast.<name>}. */
    public long counter(String name) {
        return metrics.getCounter("tablecast", name).map(Counter::getCount)
                .orElseThrow(() -> new AssertionError("no counter tablecast." + name));
    }

    /** The gauge registered under {@code tablecast.<name>}. */
    public Object gauge(String name) {
        return metrics.<Object>getGauge("tablecast", name).map(Gauge::getValue)
                .orElseThrow(() -> new AssertionError("no gauge tablecast." + name));
    }

    private static final class ListenedOperatorGroup extends ProxyMetricGroup<MetricGroup>
            implements OperatorMetricGroup {
        ListenedOperatorGroup(MetricGroup parent) {
            super(parent);
        }

        @Override
        public OperatorIOMetricGroup getIOMetricGroup() {
            return UnregisteredMetricsGroup.createOperatorIOMetricGroup();
        }
    }
}
