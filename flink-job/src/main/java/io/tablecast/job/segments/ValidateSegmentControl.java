package io.tablecast.job.segments;

import io.tablecast.connectors.model.SegmentControl;
import io.tablecast.job.operators.SideOutputs;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Splits the segment control stream: profile updates go on (to be keyed by user), rule versions that parse as
 * {@link SegmentRules} go to {@link #RULE_VERSIONS} (to be broadcast), and everything else — unreadable records and
 * rules with an error, the reason naming the record and the place — to {@link SideOutputs#DEAD_LETTERS}. A broken
 * rules update leaves the rules in force as they were.
 */
public final class ValidateSegmentControl extends ProcessFunction<SegmentControl, UserInput> {
    private static final long serialVersionUID = 1L;
    public static final OutputTag<SegmentControl> RULE_VERSIONS = new OutputTag<>("segment-rule-versions") {};

    private transient Counter profiles;
    private transient Counter ruleVersions;
    private transient Counter deadLettered;

    @Override
    public void open(Configuration parameters) {
        MetricGroup metrics = getRuntimeContext().getMetricGroup().addGroup("tablecast");
        profiles = metrics.counter("profileUpdates");
        ruleVersions = metrics.counter("segmentRuleVersions");
        deadLettered = metrics.counter("segmentControlDeadLettered");
    }

    @Override
    public void processElement(SegmentControl control, Context ctx, Collector<UserInput> out) {
        if (control.isAccepted() && !control.isProfile()) {
            try {
                SegmentRules.parse(control.rulesJson, "segment rules at " + control.topic + "/" + control.partition
                        + "@" + control.offset);
            } catch (IllegalArgumentException e) {
                control.rejectReason = e.getMessage();  // bounded where dead letters are written
            }
        }
        if (!control.isAccepted()) {
            deadLettered.inc();
            ctx.output(SideOutputs.DEAD_LETTERS, control.toDeadLetter());
        } else if (control.isProfile()) {
            profiles.inc();
            out.collect(UserInput.of(control.profile));
        } else {
            ruleVersions.inc();
            control.raw = null;  // every subtask keeps the rules in broadcast state: keep them small
            ctx.output(RULE_VERSIONS, control);
        }
    }
}
