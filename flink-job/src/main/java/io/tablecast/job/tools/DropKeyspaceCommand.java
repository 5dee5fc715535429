package io.tablecast.job.tools;

import com.datastax.driver.core.Cluster;
import com.datastax.driver.core.Session;
import io.tablecast.connectors.cql.internal.SchemaStatements;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** Drops a keyspace with everything in it: for the throwaway keyspaces of test and fault-injection runs. */
@Command(name = "drop-keyspace", mixinStandardHelpOptions = true,
        description = "Drop a keyspace and every table in it (throwaway runs; there is no undo).")
final class DropKeyspaceCommand implements Callable<Integer> {
    @Mixin
    CassandraOptions cassandra;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        // The other tools default to the job's keyspace; dropping it by default would be one typo from disaster.
        if (!spec.commandLine().getParseResult().hasMatchedOption("--keyspace")) {
            throw new ParameterException(spec.commandLine(), "name the keyspace to drop with --keyspace");
        }
        try (Cluster cluster = cassandra.cluster(); Session session = cluster.connect()) {
            session.execute(SchemaStatements.dropKeyspace(cassandra.keyspace));
        }
        System.out.println("dropped keyspace " + cassandra.keyspace);
        return 0;
    }
}
