package io.tablecast.connectors.cql.internal;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** The sinks' background threads: one named daemon thread each, so a stuck one never keeps a TaskManager alive. */
public final class DaemonThreads {
    private DaemonThreads() {}

    public static ScheduledExecutorService single(String name) {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }
}
