package io.tablecast.job.tools;

import com.datastax.driver.core.Cluster;
import com.datastax.driver.core.Session;
import io.tablecast.connectors.cql.CatalogEntry;
import io.tablecast.connectors.cql.TableCatalog;
import io.tablecast.connectors.cql.WindowOutcomes;
import io.tablecast.connectors.model.WindowOutcome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * The schedule as the catalog records it, window by window: each table, why it exists, the segments it holds, rows
 * planned (the forecast's upper bound) against rows written, per window how many plans the forecast undershot, and
 * which segments received more than their plan allowed for ({@code window_outcomes}).
 */
@Command(name = "schedule", mixinStandardHelpOptions = true,
        description = "Print the plan per window: tables, segments packed, planned vs actual rows.")
final class ScheduleCommand implements Callable<Integer> {
    @Mixin
    CassandraOptions cassandra;

    @Option(names = "--windows", defaultValue = "14", description = "The last N windows (default: ${DEFAULT-VALUE}).")
    int windows;

    @Override
    public Integer call() {
        try (Cluster cluster = cassandra.cluster(); Session session = cluster.connect()) {
            if (!cassandra.keyspaceExists(cluster)) {
                return 1;
            }
            Map<Instant, List<CatalogEntry>> byWindow = new TableCatalog(session, cassandra.keyspace).all().stream()
                    .collect(Collectors.groupingBy(e -> e.windowStart, TreeMap::new, Collectors.toList()));
            List<Instant> shown = byWindow.keySet().stream().skip(Math.max(0, byWindow.size() - windows))
                    .collect(Collectors.toList());
            Map<Instant, List<WindowOutcome>> overBound = WindowOutcomes.all(session, cassandra.keyspace).stream()
                    .filter(WindowOutcome::overBound)
                    .collect(Collectors.groupingBy(o -> Instant.ofEpochMilli(o.windowStartMillis)));
            for (Instant window : shown) {
                List<CatalogEntry> tables = byWindow.get(window);
                tables.sort(Comparator.comparing((CatalogEntry e) -> e.reason).thenComparing(e -> e.tableName));
                long planned = 0;
                long actual = 0;
                int undershot = 0;
                System.out.printf("window %s  (%d tables)%n", window, tables.size());
                System.out.printf("  %-34s %-19s %7s %12s %12s  %s%n", "table", "why", "shard", "planned",
                        "actual", "segments");
                for (CatalogEntry e : tables) {
                    long rows = session.execute("SELECT COUNT(*) FROM " + cassandra.keyspace + "." + e.tableName)
                            .one().getLong(0);
                    planned += e.plannedRows;
                    actual += rows;
                    if (e.plannedRows > 0 && rows > e.plannedRows) {
                        undershot++;
                    }
                    System.out.printf("  %-34s %-19s %3d/%-3d %12d %12d  %s%n", e.tableName, e.reason, e.shard,
                            e.shardCount, e.plannedRows, rows, e.segmentIds.isEmpty() ? "(none yet)"
                                    : String.join(",", e.segmentIds));
                }
                System.out.printf("  total planned %d, actual %d; tables over plan: %d%n", planned, actual,
                        undershot);
                for (WindowOutcome o : overBound.getOrDefault(window, List.of())) {
                    System.out.printf("  segment %s over its bound: %d rows, %d planned%s%n", o.segmentId,
                            o.receivedRows, Math.round(o.plannedUpperRows),
                            o.sizedByLiveTraffic ? " (sized by its live pace)" : "");
                }
                System.out.println();
            }
        }
        return 0;
    }
}
