package io.tablecast.connectors.cql.internal;

import io.tablecast.connectors.cql.AllocationCommand;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The table manager's pending DDL, one command per piece of work ({@link AllocationCommand#key()}: a table, or a
 * table and a segment). The earliest window goes first, arrival order among equals: its records come soonest — a
 * backfill's first window is needed before the tables the clock premakes for today and tomorrow. A command that
 * failed waits before its next try (1 s doubling to a minute) while the others go ahead: one table the cluster
 * refuses never holds up the others. Thread-safe: the task thread offers, the DDL thread takes, checkpoints copy.
 */
public final class DdlQueue {
    static final long FIRST_BACKOFF_MILLIS = 1_000;
    static final long MAX_BACKOFF_MILLIS = 60_000;

    private static final class Pending {
        final AllocationCommand command;
        int failures;
        long notBeforeMillis;

        Pending(AllocationCommand command) {
            this.command = command;
        }
    }

    private final Map<String, Pending> byKey = new LinkedHashMap<>();

    /** Adds the command unless the same work is pending; true when added. */
    public synchronized boolean offer(AllocationCommand command) {
        return byKey.putIfAbsent(command.key(), new Pending(command)) == null;
    }

    /**
     * Of the commands whose wait is over, the one of the earliest window (the first to arrive among equals), or null.
     * It stays pending until {@link #done} or {@link #failed}.
     */
    public synchronized AllocationCommand nextDue(long nowMillis) {
        AllocationCommand next = null;
        for (Pending p : byKey.values()) {
            if (p.notBeforeMillis <= nowMillis
                    && (next == null || p.command.windowStartMillis < next.windowStartMillis)) {
                next = p.command;
            }
        }
        return next;
    }

    public synchronized void done(String key) {
        byKey.remove(key);
    }

    /** Records a failed try and moves the command behind the others; returns how long it now waits. */
    public synchronized long failed(String key, long nowMillis) {
        Pending p = byKey.remove(key);
        if (p == null) {
            return 0;
        }
        p.failures++;
        long backoff = Math.min(MAX_BACKOFF_MILLIS, FIRST_BACKOFF_MILLIS << Math.min(p.failures - 1, 20));
        p.notBeforeMillis = nowMillis + backoff;
        byKey.put(key, p);
        return backoff;
    }

    /** Failed tries of the pending command with this key (0 when none pending). */
    public synchronized int failures(String key) {
        Pending p = byKey.get(key);
        return p == null ? 0 : p.failures;
    }

    public synchronized List<AllocationCommand> commands() {
        List<AllocationCommand> out = new ArrayList<>(byKey.size());
        byKey.values().forEach(p -> out.add(p.command));
        return out;
    }

    public synchronized int size() {
        return byKey.size();
    }
}
