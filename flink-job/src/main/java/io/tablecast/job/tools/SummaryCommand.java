package io.tablecast.job.tools;

import com.datastax.driver.core.Cluster;
import com.datastax.driver.core.Row;
import com.datastax.driver.core.Session;
import io.tablecast.connectors.cql.CatalogEntry;
import io.tablecast.connectors.cql.TableCatalog;
import io.tablecast.connectors.cql.TableNames;
import io.tablecast.connectors.cql.internal.SchemaStatements;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "summary", mixinStandardHelpOptions = true,
        description = "Print rows per table (from the catalog), fallback rows waiting, and dead letters.")
final class SummaryCommand implements Callable<Integer> {
    @Mixin
    CassandraOptions cassandra;

    @Mixin
    KafkaOptions kafka;

    @Option(names = "--dlq-topic", defaultValue = "${env:DLQ_TOPIC:-transactions-dlq}",
            description = "Dead-letter topic (default: ${DEFAULT-VALUE}).")
    String dlqTopic;

    @Override
    public Integer call() {
        long totalRows = 0;
        try (Cluster cluster = cassandra.cluster(); Session session = cluster.connect()) {
            if (!cassandra.keyspaceExists(cluster)) {
                return 1;
            }
            List<CatalogEntry> tables = new TableCatalog(session, cassandra.keyspace).all();
            tables.sort(Comparator.comparing((CatalogEntry e) -> e.windowStart).thenComparing(e -> e.tableName));
            System.out.printf("%-34s %-24s %-20s %7s %10s %10s%n", "table", "segments", "window start", "shard",
                    "planned", "rows");
            for (CatalogEntry e : tables) {
                long rows = countRows(session, e.tableName);
                totalRows += rows;
                System.out.printf("%-34s %-24s %-20s %3d/%-3d %10d %10d%n", e.tableName, segments(e), e.windowStart,
                        e.shard, e.shardCount, e.plannedRows, rows);
            }
            long waiting = countRows(session, TableNames.FALLBACK_TABLE);
            System.out.printf("tables: %d, rows: %d, fallback rows waiting: %d, dead letters: %d%n", tables.size(),
                    totalRows, waiting, DeadLetterCounter.count(kafka.client(), dlqTopic));
        }
        return 0;
    }

    /** The table's segments, shortened to fit a column: "(shared)" when it has none recorded yet. */
    private static String segments(CatalogEntry e) {
        String all = e.segmentIds.isEmpty() ? "(shared)" : String.join(",", e.segmentIds);
        return all.length() <= 24 ? all : all.substring(0, 20) + "+" + (e.segmentIds.size() - 1);
    }

    private long countRows(Session session, String table) {
        Row row = session.execute(SchemaStatements.countRows(cassandra.keyspace, table)).one();
        return row.getLong(0);
    }
}
