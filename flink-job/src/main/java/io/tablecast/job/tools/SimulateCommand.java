package io.tablecast.job.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.Comparator;
import java.util.Locale;
import java.util.concurrent.Callable;

/** scripts/simulate: one planned day for a synthetic population, placed on hash rings; JSON summary last. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Plans a day for N users x S segments (synthetic, no database) and places its records on the"
                + " planned shards: load balance with bounded loads vs plain ring vs user hash modulo shards, keys a"
                + " split moves vs the least possible, tables per window. JSON summary on the last line.")
final class SimulateCommand implements Callable<Integer> {
    @Option(names = "--users", defaultValue = "10000000", description = "Users (default: ${DEFAULT-VALUE}).")
    int users;

    @Option(names = "--segments", defaultValue = "1000", description = "Segments (default: ${DEFAULT-VALUE}).")
    int segments;

    @Option(names = "--zipf", defaultValue = "1.1",
            description = "Exponent of user activity by rank (default: ${DEFAULT-VALUE}).")
    double zipf;

    @Option(names = "--records-per-day", defaultValue = "100000000",
            description = "Expected records a day, all users (default: ${DEFAULT-VALUE}).")
    double recordsPerDay;

    @Option(names = "--routing-interval-minutes", defaultValue = "1",
            description = "Time interval of the shard key (user, segment, interval); divides a day"
                    + " (default: ${DEFAULT-VALUE}).")
    int routingIntervalMinutes;

    @Option(names = "--vnodes", defaultValue = "64",
            description = "Virtual nodes per shard (default: ${DEFAULT-VALUE}).")
    int virtualNodes;

    @Option(names = "--epsilon", defaultValue = "0.25",
            description = "Bounded loads: no shard above (1+epsilon) x mean (default: ${DEFAULT-VALUE}).")
    double epsilon;

    @Option(names = "--build-slack", defaultValue = "0.02",
            description = "Slack of the ring built from yesterday's arc loads: each shard at most (1+slack) x mean"
                    + " of yesterday (default: ${DEFAULT-VALUE}).")
    double buildSlack;

    @Option(names = "--hot-key-share", defaultValue = "0.002",
            description = "As tables.hot-key-share: a user whose busiest hour of yesterday, per routing interval,"
                    + " exceeds this share of its segment's mean shard load has today's records spread over buckets by"
                    + " transaction id; 0: never (default: ${DEFAULT-VALUE}).")
    double hotKeyShare;

    @Option(names = "--balance-by", defaultValue = "lengths",
            description = "Bounded loads from yesterday's measured arc loads (yesterday) or from arc lengths alone"
                    + " (lengths, what the job does) (default: ${DEFAULT-VALUE}).")
    String balanceBy;

    @Option(names = "--rows-per-table", defaultValue = "1000000", description = "As tables.rows-per-table.")
    long rowsPerTable;

    @Option(names = "--max-shards", defaultValue = "16", description = "As tables.shards-per-segment.")
    int maxShards;

    @Option(names = "--tables-per-window", defaultValue = "20", description = "As tables.per-window.")
    int tablesPerWindow;

    @Option(names = "--table-budget", defaultValue = "200", description = "As tables.budget.")
    int tableBudget;

    @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() {
        ShardingSimulation.Settings s = new ShardingSimulation.Settings();
        s.users = users;
        s.segments = segments;
        s.activityExponent = zipf;
        s.recordsPerDay = recordsPerDay;
        s.routingInterval = Duration.ofMinutes(routingIntervalMinutes);
        s.virtualNodes = virtualNodes;
        s.epsilon = epsilon;
        s.buildSlack = buildSlack;
        s.hotKeyShare = hotKeyShare;
        if (!balanceBy.equals("yesterday") && !balanceBy.equals("lengths")) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                    "--balance-by must be yesterday or lengths, not " + balanceBy);
        }
        s.balanceByYesterday = balanceBy.equals("yesterday");
        s.rowsPerTable = rowsPerTable;
        s.maxShards = maxShards;
        s.tablesPerWindow = tablesPerWindow;
        s.tableBudget = tableBudget;
        s.seed = seed;
        long started = System.nanoTime();
        ShardingSimulation.Result r = new ShardingSimulation().run(s);
        double seconds = (System.nanoTime() - started) / 1e9;

        System.out.printf(Locale.ROOT, "%-8s %6s %12s %9s %9s %9s %12s %10s%n", "segment", "shards", "records",
                "bounded", "ring", "user-mod", "moved/ideal", "keys-hot");
        r.sharded.stream().sorted(Comparator.comparingLong((ShardingSimulation.SegmentDay d) -> d.records).reversed())
                .forEach(d -> System.out.printf(Locale.ROOT, "%-8s %6d %12d %9.3f %9.3f %9.3f %12.3f %10d%n",
                        d.segment, d.shards, d.records, d.boundedMaxOverMean, d.plainRingMaxOverMean,
                        d.modHashMaxOverMean, d.movedOverIdeal(), d.keysOnHotShard));

        ObjectNode json = new ObjectMapper().createObjectNode();
        json.put("users", users).put("segments", segments).put("zipf", zipf)
                .put("records_today", r.recordsToday).put("routing_interval_minutes", routingIntervalMinutes)
                .put("vnodes", virtualNodes).put("epsilon", epsilon).put("build_slack", buildSlack)
                .put("hot_key_share", hotKeyShare).put("balance_by", balanceBy)
                .put("tables_per_window", r.tablesPerWindow).put("plan_tightened", r.tightened)
                .put("dedicated_segments", r.dedicatedSegments).put("hot_users", r.hotUsers).put("sharded_segments", r.sharded.size())
                .put("table_budget", tableBudget)
                .put("table_budget_use_per_window", round((double) r.tablesPerWindow / tableBudget))
                .put("max_over_mean_load", round(r.worst(d -> d.boundedMaxOverMean)))
                .put("max_over_mean_load_plain_ring", round(r.worst(d -> d.plainRingMaxOverMean)))
                .put("max_over_mean_load_user_mod", round(r.worst(d -> d.modHashMaxOverMean)))
                .put("moved_over_ideal", round(r.worst(ShardingSimulation.SegmentDay::movedOverIdeal)))
                .put("seconds", round(seconds));
        System.out.println(json);
        return 0;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
