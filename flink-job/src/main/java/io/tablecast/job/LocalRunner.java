package io.tablecast.job;

import io.tablecast.job.config.JobConfig;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Runs the job in this JVM on a local Flink with its web UI (port from FLINK_REST_PORT, default 8081), for the demo
 * and for trying things out. Takes the same arguments as {@link TransactionIngestJob}; blocks until the job ends.
 */
public final class LocalRunner {
    private LocalRunner() {}

    public static void main(String[] args) throws Exception {
        JobConfig config = JobConfig.fromArgs(args);
        Configuration flink = new Configuration();
        String port = System.getenv().getOrDefault("FLINK_REST_PORT", "8081");
        flink.set(RestOptions.PORT, Integer.parseInt(port));
        flink.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(flink);
        JobClient job = TransactionIngestJob.withKafkaAndCassandra(config).execute(env);
        System.err.println("job " + job.getJobID() + " submitted; web UI at http://127.0.0.1:" + port);
        job.getJobExecutionResult().get();
    }
}
