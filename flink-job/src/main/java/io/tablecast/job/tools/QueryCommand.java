package io.tablecast.job.tools;

import com.datastax.driver.core.Cluster;
import com.datastax.driver.core.Session;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tablecast.connectors.cql.QueryRouter;
import io.tablecast.connectors.cql.SegmentHistory;
import io.tablecast.connectors.model.SegmentMove;
import io.tablecast.connectors.cql.StoredTransaction;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "query", mixinStandardHelpOptions = true,
        description = "Print a user's transactions in [from, to) as JSON lines ordered by ts, routed by the catalog"
                + " (each with the segment and table it is stored under, across the user's segment moves); with"
                + " --history, the user's segments over time instead.")
final class QueryCommand implements Callable<Integer> {
    @Option(names = "--user", required = true, description = "User id.")
    String user;

    @Option(names = "--from", description = "Start instant, inclusive (ISO-8601); required for transactions.")
    Instant from;

    @Option(names = "--to", description = "End instant, exclusive (ISO-8601); required for transactions.")
    Instant to;

    @Option(names = "--history", description = "Print the user's segments over time (behavioral segments:"
            + " its first and each move, from segment_moves) as JSON lines, oldest first.")
    boolean history;

    @Mixin
    CassandraOptions cassandra;

    PrintStream out = System.out;

    @Override
    public Integer call() {
        if (!history && (from == null || to == null || !from.isBefore(to))) {
            System.err.println("error: --from and --to are required, --from before --to");
            return 2;
        }
        try (Cluster cluster = cassandra.cluster(); Session session = cluster.connect()) {
            if (!cassandra.keyspaceExists(cluster)) {
                return 1;
            }
            if (history) {
                ObjectMapper mapper = new ObjectMapper();
                for (SegmentMove m : new SegmentHistory(session, cassandra.keyspace).of(user)) {
                    ObjectNode json = mapper.createObjectNode();
                    json.put("user_id", m.userId);
                    json.put("segment", m.segmentId);
                    json.put("from", Instant.ofEpochMilli(m.fromMillis).toString());
                    json.put("previous", m.previousSegmentId);
                    out.println(json);
                }
                return 0;
            }
            List<StoredTransaction> rows = new QueryRouter(session, cassandra.keyspace)
                    .query(user, from.toEpochMilli(), to.toEpochMilli());
            ObjectMapper mapper = new ObjectMapper();
            for (StoredTransaction t : rows) {
                out.println(toJson(mapper, t));
            }
        }
        return 0;
    }

    static String toJson(ObjectMapper mapper, StoredTransaction t) {
        ObjectNode json = mapper.createObjectNode();
        json.put("txn_id", t.txnId);
        json.put("user_id", t.userId);
        json.put("ts", t.ts.toString());
        json.put("amount", t.amount);
        json.put("currency", t.currency);
        json.put("type", t.type);
        json.put("merchant", t.merchant);
        json.put("segment", t.segmentId);
        json.put("table", t.table);
        return json.toString();
    }
}
