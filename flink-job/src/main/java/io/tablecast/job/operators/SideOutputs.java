package io.tablecast.job.operators;

import io.tablecast.connectors.model.DeadLetter;
import org.apache.flink.util.OutputTag;

/** The job's side outputs, declared once. */
public final class SideOutputs {
    /** Records that cannot be accepted, with the reason. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS = new OutputTag<>("dead-letters") {};

    private SideOutputs() {}
}
