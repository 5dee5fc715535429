package io.tablecast.job.forecast;

import io.tablecast.connectors.model.RoutedTransaction;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.runtime.state.StateSnapshotContext;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Counts this subtask's records per (segment, event-time hour) and emits each count once, when the watermark passes
 * the end of the hour, just before passing that watermark on. One small record per segment, hour and subtask crosses
 * the network to the forecaster instead of one per transaction. A record for an hour already emitted (late) is
 * emitted at once as a count of one; the forecaster decides what to do with it.
 *
 * <p>Counts not yet emitted are operator state, so a restart neither loses nor repeats them: the records they count
 * come before the checkpoint and are not read again.
 */
public final class HourlyCountCombiner extends AbstractStreamOperator<SegmentHourCount>
        implements OneInputStreamOperator<RoutedTransaction, SegmentHourCount> {
    private static final long serialVersionUID = 1L;

    private transient Map<String, Map<Long, Long>> countsBySegment;
    private transient ListState<SegmentHourCount> checkpointed;
    private transient long watermark;

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        countsBySegment = new HashMap<>();
        watermark = Long.MIN_VALUE;
        checkpointed = context.getOperatorStateStore().getListState(
                new ListStateDescriptor<>("open-hour-counts", TypeInformation.of(SegmentHourCount.class)));
        for (SegmentHourCount c : checkpointed.get()) {
            add(c.segmentId, c.hour, c.count);
        }
    }

    @Override
    public void snapshotState(StateSnapshotContext context) throws Exception {
        super.snapshotState(context);
        List<SegmentHourCount> open = new ArrayList<>();
        countsBySegment.forEach((segment, hours) -> hours.forEach((hour, n) ->
                open.add(new SegmentHourCount(segment, hour, n))));
        checkpointed.update(open);
    }

    @Override
    public void processElement(StreamRecord<RoutedTransaction> element) {
        RoutedTransaction r = element.getValue();
        long hour = SegmentHourCount.hourOf(r.txn.tsMillis);
        if (SegmentHourCount.endOf(hour) <= watermark) {
            emit(new SegmentHourCount(r.segmentId, hour, 1));
        } else {
            add(r.segmentId, hour, 1);
        }
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        for (Map.Entry<String, Map<Long, Long>> segment : countsBySegment.entrySet()) {
            for (Iterator<Map.Entry<Long, Long>> it = segment.getValue().entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<Long, Long> hour = it.next();
                if (SegmentHourCount.endOf(hour.getKey()) <= mark.getTimestamp()) {
                    emit(new SegmentHourCount(segment.getKey(), hour.getKey(), hour.getValue()));
                    it.remove();
                }
            }
        }
        countsBySegment.values().removeIf(Map::isEmpty);
        watermark = mark.getTimestamp();
        super.processWatermark(mark);
    }

    private void add(String segment, long hour, long n) {
        countsBySegment.computeIfAbsent(segment, s -> new HashMap<>()).merge(hour, n, Long::sum);
    }

    /** Stamped with the hour's last millisecond: before the watermark that closes it, so never late downstream. */
    private void emit(SegmentHourCount count) {
        output.collect(new StreamRecord<>(count, SegmentHourCount.endOf(count.hour) - 1));
    }
}
