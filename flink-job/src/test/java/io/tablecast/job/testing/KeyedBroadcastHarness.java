package io.tablecast.job.testing;

import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.AbstractStreamOperatorTestHarness;

import java.util.List;

/**
 * A test harness for a {@link KeyedBroadcastProcessFunction} that, unlike Flink's keyed two-input harness, takes the
 * task environment, so a test can read the metrics the function registers. Watermarks go to both inputs: the
 * broadcast input of the real job is idle most of the time and does not hold event time back.
 */
public class KeyedBroadcastHarness<K, IN, B, OUT> extends AbstractStreamOperatorTestHarness<OUT> {
    private final CoBroadcastWithKeyedOperator<K, IN, B, OUT> operator;

    public KeyedBroadcastHarness(KeyedBroadcastProcessFunction<K, IN, B, OUT> function, KeySelector<IN, K> key,
                                 TypeInformation<K> keyType, MockEnvironment env,
                                 MapStateDescriptor<?, ?>... broadcastStates) throws Exception {
        this(new CoBroadcastWithKeyedOperator<>(function, List.of(broadcastStates)), key, keyType, env);
    }

    public KeyedBroadcastHarness(KeyedBroadcastProcessFunction<K, IN, B, OUT> function, KeySelector<IN, K> key,
                                 TypeInformation<K> keyType, MapStateDescriptor<?, ?>... broadcastStates)
            throws Exception {
        this(function, key, keyType, new MockEnvironmentBuilder().build(), broadcastStates);
    }

    private KeyedBroadcastHarness(CoBroadcastWithKeyedOperator<K, IN, B, OUT> operator, KeySelector<IN, K> key,
                                  TypeInformation<K> keyType, MockEnvironment env) throws Exception {
        super(operator, env);
        this.operator = operator;
        config.setStatePartitioner(0, key);
        config.setStateKeySerializer(keyType.createSerializer(executionConfig.getSerializerConfig()));
        config.serializeAllConfigs();
    }

    public void processElement(IN element, long timestamp) throws Exception {
        operator.setKeyContextElement1(new StreamRecord<>(element, timestamp));
        operator.processElement1(new StreamRecord<>(element, timestamp));
    }

    public void processBroadcastElement(B element, long timestamp) throws Exception {
        operator.processElement2(new StreamRecord<>(element, timestamp));
    }

    public void processWatermark(long timestamp) throws Exception {
        operator.processWatermark1(new Watermark(timestamp));
        operator.processWatermark2(new Watermark(timestamp));
    }
}
