package io.tablecast.connectors.testing;

import org.apache.flink.api.common.functions.RichFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
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

    /** The counter at {@code tablecast.<path...>}. */
    public long counter(String first, String... rest) {
        String[] path = path(first, rest);
        return metrics.getCounter(path).map(Counter::getCount)
                .orElseThrow(() -> new AssertionError("no counter " + String.join(".", path)));
    }

    /** How many values the histogram at {@code tablecast.<path...>} was given. */
    public long histogramCount(String first, String... rest) {
        String[] path = path(first, rest);
        return metrics.getHistogram(path).map(Histogram::getCount)
                .orElseThrow(() -> new AssertionError("no histogram " + String.join(".", path)));
    }

    /** The gauge at {@code tablecast.<path...>}. */
    public Object gauge(String first, String... rest) {
        String[] path = path(first, rest);
        return metrics.<Object>getGauge(path).map(Gauge::getValue)
                .orElseThrow(() -> new AssertionError("no gauge " + String.join(".", path)));
    }

    private static String[] path(String first, String... rest) {
        String[] path = new String[rest.length + 2];
        path[0] = "tablecast";
        path[1] = first;
        System.arraycopy(rest, 0, path, 2, rest.length);
        return path;
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
