package io.tablecast.job;

import io.tablecast.connectors.cql.AllocationCommand;
import io.tablecast.connectors.model.DeadLetter;
import io.tablecast.connectors.model.EventNotice;
import io.tablecast.connectors.model.HotUser;
import io.tablecast.connectors.model.SegmentControl;
import io.tablecast.connectors.model.SegmentMove;
import io.tablecast.connectors.model.WindowOutcome;
import io.tablecast.connectors.model.SegmentSplit;
import io.tablecast.connectors.model.RoutedTransaction;
import io.tablecast.connectors.model.SegmentForecast;
import io.tablecast.connectors.model.SourceRecord;
import io.tablecast.connectors.model.UserProfile;
import io.tablecast.connectors.model.WindowPlan;
import io.tablecast.job.forecast.SegmentHourCount;
import io.tablecast.job.forecast.UserHourCount;
import io.tablecast.job.operators.WindowSighting;
import io.tablecast.job.schedule.TimedOutlook;
import io.tablecast.job.schedule.VolumeSignal;
import io.tablecast.job.segments.BehaviorFeatures;
import io.tablecast.job.segments.UserInput;
import io.tablecast.job.segments.UserSegment;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * Every record that crosses an operator boundary or sits in state is a Flink POJO all the way down: no field falls
 * back to Kryo, which is slower, breaks on Java 17 module rules, and makes state evolution fragile. (A List field
 * did exactly that once; arrays do not.)
 */
class RecordTypesTest {
    @ParameterizedTest
    @ValueSource(classes = {SourceRecord.class, DeadLetter.class, RoutedTransaction.class, AllocationCommand.class,
            WindowSighting.class, SegmentHourCount.class, SegmentForecast.class, WindowPlan.class,
            TimedOutlook.class, VolumeSignal.class, EventNotice.class, UserHourCount.class, HotUser.class,
            SegmentMove.class, SegmentSplit.class, UserSegment.class, BehaviorFeatures.class, UserProfile.class,
            SegmentControl.class, UserInput.class, WindowOutcome.class})
    void isAPojoWithoutGenericFields(Class<?> type) {
        TypeInformation<?> info = TypeInformation.of(type);
        assertThat(info).isInstanceOf(PojoTypeInfo.class);
        ExecutionConfig noKryo = new ExecutionConfig();
        noKryo.disableGenericTypes();
        assertThatCode(() -> info.createSerializer(noKryo.getSerializerConfig())).doesNotThrowAnyException();
    }

    /** The check above can fail: a POJO with a List field needs Kryo. */
    @org.junit.jupiter.api.Test
    void aListFieldIsCaught() {
        ExecutionConfig noKryo = new ExecutionConfig();
        noKryo.disableGenericTypes();
        assertThatCode(() -> TypeInformation.of(WithList.class).createSerializer(noKryo.getSerializerConfig()))
                .hasMessageContaining("Generic types have been disabled");
    }

    public static class WithList {
        public java.util.List<String> values;
    }
}
