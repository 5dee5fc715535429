package io.tablecast.connectors.cql.internal;

import io.tablecast.connectors.cql.AllocationCommand;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DdlQueueTest {
    private static AllocationCommand create(int shard) {
        return AllocationCommand.create("retail", 0, 86_400_000L, shard, 4, 0, "test");
    }

    @Test
    void oneCommandPerTableInArrivalOrder() {
        DdlQueue queue = new DdlQueue();
        assertThat(queue.offer(create(0))).isTrue();
        assertThat(queue.offer(create(1))).isTrue();
        assertThat(queue.offer(create(0))).isFalse();
        assertThat(queue.size()).isEqualTo(2);
        assertThat(queue.nextDue(0).table).isEqualTo(create(0).table);
        queue.done(create(0).table);
        assertThat(queue.nextDue(0).table).isEqualTo(create(1).table);
    }

    @Test
    void theEarliestWindowGoesFirstWhateverItsArrival() {
        DdlQueue queue = new DdlQueue();
        long day = 86_400_000L;
        AllocationCommand today = AllocationCommand.create("retail", 10 * day, 11 * day, 0, 1, 0, "premade");
        AllocationCommand tomorrow = AllocationCommand.create("retail", 11 * day, 12 * day, 0, 1, 0, "premade");
        AllocationCommand backfilled = AllocationCommand.create("retail", 3 * day, 4 * day, 0, 1, 0, "plan");
        AllocationCommand backfilledToo = AllocationCommand.create("retail", 3 * day, 4 * day, 1, 2, 0, "plan");
        queue.offer(today);
        queue.offer(tomorrow);
        queue.offer(backfilled);
        queue.offer(backfilledToo);
        assertThat(queue.nextDue(0).table).isEqualTo(backfilled.table);
        queue.done(backfilled.table);
        assertThat(queue.nextDue(0).table).isEqualTo(backfilledToo.table);
        queue.failed(backfilledToo.table, 0);
        assertThat(queue.nextDue(0).table).isEqualTo(today.table);
        assertThat(queue.nextDue(1_000).table).isEqualTo(backfilledToo.table);
    }

    @Test
    void aFailedCommandWaitsLongerEachTimeWhileTheOthersGoAhead() {
        DdlQueue queue = new DdlQueue();
        queue.offer(create(0));
        queue.offer(create(1));
        String stuck = create(0).table;
        assertThat(queue.failed(stuck, 1_000)).isEqualTo(1_000);
        assertThat(queue.nextDue(1_000).table).isEqualTo(create(1).table);
        queue.done(create(1).table);
        assertThat(queue.nextDue(1_999)).isNull();
        assertThat(queue.nextDue(2_000).table).isEqualTo(stuck);
        assertThat(queue.failed(stuck, 2_000)).isEqualTo(2_000);
        assertThat(queue.failed(stuck, 4_000)).isEqualTo(4_000);
        for (int i = 0; i < 30; i++) {
            queue.failed(stuck, 0);
        }
        assertThat(queue.failed(stuck, 0)).isEqualTo(DdlQueue.MAX_BACKOFF_MILLIS);
        assertThat(queue.failures(stuck)).isEqualTo(34);
        assertThat(queue.commands()).extracting(c -> c.table).containsExactly(stuck);
    }
}
