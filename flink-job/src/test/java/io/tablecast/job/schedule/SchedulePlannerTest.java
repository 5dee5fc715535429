package io.tablecast.job.schedule;

import io.tablecast.connectors.cql.internal.CqlIdentifiers;
import io.tablecast.connectors.model.TablePlan;
import io.tablecast.connectors.model.WindowPlan;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class SchedulePlannerTest {
    private static final long START = Instant.parse("2026-11-25T00:00:00Z").toEpochMilli();
    private static final long END = START + 86_400_000L;

    private static SegmentOutlook outlook(String id, double upper) {
        return new SegmentOutlook(id, upper / 2, upper, upper / 86_400);
    }

    @Test
    void aBusySegmentGetsShardsOfItsOwnSmallOnesShareAndTheSharedTableIsAlwaysThere() {
        WindowPlan plan = new SchedulePlanner(new PlanningLimits(1_000_000, 16, 100)).plan(START, END, List.of(
                outlook("checkout", 3_500_000), outlook("retail", 700_000), outlook("a", 300_000),
                outlook("b", 300_000), outlook("c", 300_000), outlook("d", 200_000)));
        assertThat(plan.tablesOf("checkout")).extracting(t -> t.table).containsExactly(
                "tx_202611250000_scheckout_00", "tx_202611250000_scheckout_01", "tx_202611250000_scheckout_02",
                "tx_202611250000_scheckout_03");
        assertThat(plan.tablesOf("checkout").get(0).plannedRows).isEqualTo(875_000);
        assertThat(plan.tablesOf("retail")).extracting(t -> t.table).containsExactly("tx_202611250000_sretail_00");
        // Summed bounds (300k + 300k + 300k + 200k) would not fit a table of 1M; the bound of their total does:
        // expected 550k, margins 150k, 150k, 150k, 100k: 550k + sqrt(0.8 * 7.75e10 + 0.2 * 550k^2) = 900k.
        assertThat(plan.tablesOf("a")).singleElement().satisfies(t -> {
            assertThat(t.table).isEqualTo("tx_202611250000_p000");
            assertThat(t.segments).containsExactly("a", "b", "c", "d");
            assertThat(t.plannedRows).isEqualTo(900_000);
        });
        assertThat(plan.tablesOf("never-seen")).extracting(t -> t.table).containsExactly("tx_202611250000_shared");
        assertThat(plan.tableList()).hasSize(4 + 1 + 1 + 1);
        assertThat(plan.tightened).isFalse();
    }

    @Test
    void aTightBudgetPacksTighterAndSaysSo() {
        List<SegmentOutlook> many = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            many.add(outlook("seg" + i, 400_000));
        }
        WindowPlan plan = new SchedulePlanner(new PlanningLimits(1_000_000, 16, 20)).plan(START, END, many);
        assertThat(plan.tables.length).isLessThanOrEqualTo(20);
        assertThat(plan.tightened).isTrue();
        assertThat(many).allSatisfy(o -> assertThat(plan.tablesOf(o.segmentId).get(0).reason)
                .isNotEqualTo(TablePlan.SHARED));
    }

    @Test
    void aBudgetOfOneLeavesOnlyTheSharedTable() {
        WindowPlan plan = new SchedulePlanner(new PlanningLimits(1_000, 4, 1)).plan(START, END,
                List.of(outlook("a", 5_000)));
        assertThat(plan.tableList()).extracting(t -> t.table).containsExactly("tx_202611250000_shared");
        assertThat(plan.tablesOf("a").get(0).table).isEqualTo("tx_202611250000_shared");
        assertThat(plan.tightened).isTrue();
    }

    @Test
    void zipfSegmentsFitACassandraSizedBudget() {
        // 1000 segments, Zipf(1.1) sizes, 50 M rows a day; 1 M rows a table; at most 120 tables a window.
        List<SegmentOutlook> zipf = zipf(1000, 1.1, 50_000_000, new Random(7));
        WindowPlan plan = new SchedulePlanner(new PlanningLimits(1_000_000, 64, 120)).plan(START, END, zipf);
        long dedicatedSegments = plan.tableList().stream().filter(t -> TablePlan.DEDICATED.equals(t.reason))
                .map(t -> t.segments[0]).distinct().count();
        long packs = plan.tableList().stream().filter(t -> TablePlan.PACKED.equals(t.reason)).count();
        assertThat(plan.tables.length).isLessThanOrEqualTo(120);
        assertThat(plan.tightened).isFalse();
        assertThat(dedicatedSegments).isBetween(5L, 40L);
        assertThat(packs).isLessThan(40);
    }

    static List<SegmentOutlook> zipf(int n, double s, double totalRows, Random random) {
        double norm = 0;
        for (int k = 1; k <= n; k++) {
            norm += 1 / Math.pow(k, s);
        }
        List<SegmentOutlook> out = new ArrayList<>();
        for (int k = 1; k <= n; k++) {
            double expected = totalRows / Math.pow(k, s) / norm;
            double upper = expected * (1.1 + 0.4 * random.nextDouble()) + 10;
            out.add(new SegmentOutlook("seg" + k, expected, upper, upper / 86_400 * 3));
        }
        return out;
    }

    @Property(tries = 300)
    void everySegmentHasExactlyOneHomeWithinTheBudget(@ForAll("outlooks") List<SegmentOutlook> outlooks,
                                                      @ForAll @IntRange(min = 2, max = 300) int budget,
                                                      @ForAll @IntRange(min = 1, max = 10_000_000) int rowsPerTable,
                                                      @ForAll @IntRange(min = 1, max = 64) int maxShards) {
        PlanningLimits limits = new PlanningLimits(rowsPerTable, maxShards, budget);
        WindowPlan plan = new SchedulePlanner(limits).plan(START, END, outlooks);

        assertThat(plan.tables.length).isLessThanOrEqualTo(budget);
        Set<String> names = new HashSet<>();
        for (TablePlan t : plan.tables) {
            assertThat(CqlIdentifiers.isValid(t.table)).as(t.table).isTrue();
            assertThat(names.add(t.table)).as("unique " + t.table).isTrue();
        }
        assertThat(plan.tableList().stream().filter(t -> TablePlan.SHARED.equals(t.reason))).hasSize(1);
        for (SegmentOutlook o : outlooks) {
            List<TablePlan> home = plan.tablesOf(o.segmentId);
            long holding = plan.tableList().stream().filter(t -> t.segmentList().contains(o.segmentId)).count();
            assertThat(holding).as("tables naming %s", o.segmentId).isEqualTo(home.size());
            assertThat(home).doesNotContainNull();
            for (int shard = 0; shard < home.size(); shard++) {
                assertThat(home.get(shard).shard).isEqualTo(shard);
                assertThat(home.get(shard).shardCount).isEqualTo(home.size());
            }
            if (!plan.tightened && TablePlan.DEDICATED.equals(home.get(0).reason)) {
                assertThat(home.size()).isEqualTo((int) Math.min(maxShards, Math.ceil(o.upperRows / rowsPerTable)));
            }
        }
        if (!plan.tightened) {
            assertThat(plan.tableList().stream().filter(t -> TablePlan.PACKED.equals(t.reason)))
                    .allSatisfy(t -> assertThat(t.plannedRows).isLessThanOrEqualTo(rowsPerTable + 1L));
        }
    }

    @Property(tries = 100)
    void theOrderOutlooksComeInDoesNotMatter(@ForAll("outlooks") List<SegmentOutlook> outlooks) {
        SchedulePlanner planner = new SchedulePlanner(new PlanningLimits(500_000, 8, 50));
        List<SegmentOutlook> shuffled = new ArrayList<>(outlooks);
        Collections.shuffle(shuffled, new Random(outlooks.size()));
        assertThat(describe(planner.plan(START, END, shuffled))).isEqualTo(describe(planner.plan(START, END,
                outlooks)));
    }

    private static List<String> describe(WindowPlan plan) {
        return plan.tableList().stream().map(TablePlan::toString).collect(Collectors.toList());
    }

    @Provide
    Arbitrary<List<SegmentOutlook>> outlooks() {
        Arbitrary<Double> sizes = Arbitraries.oneOf(Arbitraries.doubles().between(0, 1000),
                Arbitraries.doubles().between(0, 5_000_000), Arbitraries.just(0.0));
        return Arbitraries.integers().between(0, 400).flatMap(n -> sizes.list().ofSize(n).map(list -> {
            List<SegmentOutlook> out = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                out.add(new SegmentOutlook("seg" + i, list.get(i) / 2, list.get(i), list.get(i) / 3600));
            }
            return out;
        }));
    }
}
