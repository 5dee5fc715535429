package io.tablecast.job;

import io.tablecast.job.config.JobConfig;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** How the job checkpoints, whatever the cluster it is submitted to prefers. */
class CheckpointingTest {
    @Test
    void checkpointsAreExactlyOnceAndAlignedEvenWhereTheClusterEnablesUnalignedOnes() {
        Configuration cluster = new Configuration();
        cluster.set(CheckpointingOptions.ENABLE_UNALIGNED, true);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(cluster);
        assertThat(env.getCheckpointConfig().isUnalignedCheckpointsEnabled()).as("the cluster's wish").isTrue();

        JobConfig config = JobConfig.fromArgs(new String[0], Map.of());
        new TransactionIngestJob(config, null, null, null, null, null, null, null, null, null).configure(env);

        assertThat(env.getCheckpointConfig().isUnalignedCheckpointsEnabled()).isFalse();
        assertThat(env.getCheckpointConfig().getCheckpointingConsistencyMode()).isEqualTo(CheckpointingMode.EXACTLY_ONCE);
        assertThat(env.getCheckpointInterval()).isEqualTo(config.checkpointInterval.toMillis());
    }
}
