package io.tablecast.job.tools;

import com.datastax.driver.core.Cluster;
import com.datastax.driver.core.ConsistencyLevel;
import com.datastax.driver.core.PreparedStatement;
import com.datastax.driver.core.ResultSetFuture;
import com.datastax.driver.core.Session;
import io.tablecast.connectors.cql.Replication;
import io.tablecast.connectors.cql.internal.CqlIdentifiers;
import io.tablecast.connectors.cql.internal.SchemaStatements;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Does the Cassandra node keep what it acknowledged through a crash? The job's exactly-once guarantee counts every
 * write acknowledged before a checkpoint as stored; a node that loses acknowledged writes when killed (periodic
 * commitlog sync) breaks that below the job. {@code write} writes rows as fast as acknowledgements allow, each
 * acknowledged id to a file, until the node stops answering; {@code check} reads every one of them back after the
 * restart. {@code scripts/durability-probe} kills and restarts the node in between.
 */
@Command(name = "durability-probe", mixinStandardHelpOptions = true,
        description = "Write until the node dies, recording acknowledged ids (write); after its restart, count the "
                + "acknowledged rows it lost (check; exit 1 if any). See scripts/durability-probe.")
final class DurabilityProbeCommand implements Callable<Integer> {
    private static final String PAD = "x".repeat(200);

    @Parameters(index = "0", description = "write or check")
    String phase;

    @Option(names = "--acked", required = true, description = "File of acknowledged ids (written, then read back).")
    Path acked;

    @Option(names = "--in-flight", defaultValue = "512", description = "Writes in flight (default: ${DEFAULT-VALUE}).")
    int inFlight;

    @Mixin
    CassandraOptions cassandra;

    @Override
    public Integer call() throws Exception {
        String table = CqlIdentifiers.require(cassandra.keyspace, "keyspace") + ".probe";
        try (Cluster cluster = cassandra.cluster(); Session session = cluster.connect()) {
            switch (phase) {
                case "write":
                    return write(session, table);
                case "check":
                    return check(session, table);
                default:
                    System.err.println("error: phase must be write or check, not '" + phase + "'");
                    return 2;
            }
        }
    }

    private int write(Session session, String table) throws IOException, InterruptedException {
        session.execute(SchemaStatements.createKeyspace(cassandra.keyspace, Replication.simple(1)));
        session.execute("CREATE TABLE IF NOT EXISTS " + table + " (id int PRIMARY KEY, v text)");
        PreparedStatement insert = session.prepare("INSERT INTO " + table + " (id, v) VALUES (?, ?)");
        Semaphore slots = new Semaphore(inFlight);
        AtomicBoolean nodeGone = new AtomicBoolean();
        ConcurrentLinkedQueue<Integer> acknowledged = new ConcurrentLinkedQueue<>();
        long started = System.nanoTime();
        int sent = 0;
        int written = 0;
        try (BufferedWriter out = Files.newBufferedWriter(acked, StandardCharsets.UTF_8)) {
            while (!nodeGone.get()) {
                slots.acquire();
                int id = sent++;
                ResultSetFuture f = session.executeAsync(insert.bind(id, PAD).setConsistencyLevel(ConsistencyLevel.ONE));
                f.addListener(() -> {
                    try {
                        f.getUninterruptibly();
                        acknowledged.add(id);
                    } catch (RuntimeException e) {
                        nodeGone.set(true);
                    }
                    slots.release();
                }, Runnable::run);
                written += drain(acknowledged, out);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            slots.acquire(inFlight);  // every write answered, one way or the other
            written += drain(acknowledged, out);
            System.out.printf(Locale.ROOT, "sent %d, acknowledged %d in %.1f s (%.0f rows/s) until the node stopped "
                    + "answering%n", sent, written, seconds, written / seconds);
        }
        return 0;
    }

    private static int drain(ConcurrentLinkedQueue<Integer> acknowledged, BufferedWriter out) throws IOException {
        int n = 0;
        for (Integer id; (id = acknowledged.poll()) != null; n++) {
            out.write(id + "\n");
        }
        return n;
    }

    private int check(Session session, String table) throws IOException {
        PreparedStatement select = session.prepare("SELECT id FROM " + table + " WHERE id = ?");
        List<String> ids = Files.readAllLines(acked, StandardCharsets.UTF_8);
        int lost = 0;
        for (String id : ids) {
            if (session.execute(select.bind(Integer.parseInt(id.trim())).setConsistencyLevel(ConsistencyLevel.ONE))
                    .one() == null) {
                lost++;
            }
        }
        System.out.printf(Locale.ROOT, "acknowledged %d, lost after the restart %d%n", ids.size(), lost);
        session.execute(SchemaStatements.dropKeyspace(cassandra.keyspace));
        return lost == 0 ? 0 : 1;
    }
}
