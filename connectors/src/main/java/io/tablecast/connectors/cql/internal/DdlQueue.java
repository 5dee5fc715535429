package io.tablecast.connectors.cql.internal;

import io.tablecast.connectors.cql.AllocationCommand;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The table manager's pending DDL, one command per table, in arrival order. A command that failed waits before its
 * next try (1 s doubling to a minute) while the commands behind it go ahead: one table the cluster refuses never
 * holds up the others. Thread-safe: the task thread offers, the DDL thread takes, checkpoints copy.
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

    private final Map<String, Pending> byTable = new LinkedHashMap<>();

    /** Adds the command unless one for the same table is pending; true when added. */
    public synchronized boolean offer(AllocationCommand command) {
        return byTable.putIfAbsent(command.table, new Pending(command)) == null;
    }

    /** The first command whose wait is over, or null. It stays pending until {@link #done} or {@link #failed}. */
    public synchronized AllocationCommand nextDue(long nowMillis) {
        for (Pending p : byTable.values()) {
            if (p.notBeforeMillis <= nowMillis) {
                return p.command;
            }
        }
        return null;
    }

    public synchronized void done(String table) {
        byTable.remove(table);
    }

    /** Records a failed try and moves the command behind the others; returns how long it now waits. */
    public synchronized long failed(String table, long nowMillis) {
        Pending p = byTable.remove(table);
        if (p == null) {
            return 0;
        }
        p.failures++;
        long backoff = Math.min(MAX_BACKOFF_MILLIS, FIRST_BACKOFF_MILLIS << Math.min(p.failures - 1, 20));
        p.notBeforeMillis = nowMillis + backoff;
        byTable.put(table, p);
        return backoff;
    }

    /** Failed tries of the pending command for this table (0 when none pending). */
    public synchronized int failures(String table) {
        Pending p = byTable.get(table);
        return p == null ? 0 : p.failures;
    }

    public synchronized List<AllocationCommand> commands() {
        List<AllocationCommand> out = new ArrayList<>(byTable.size());
        byTable.values().forEach(p -> out.add(p.command));
        return out;
    }

    public synchronized int size() {
        return byTable.size();
    }
}
