package io.tablecast.connectors.cql.internal;

import com.datastax.driver.core.ResultSet;
import com.datastax.driver.core.Session;
import com.datastax.driver.core.Statement;
import org.apache.flink.cassandra.shaded.com.google.common.util.concurrent.ListenableFuture;
import org.apache.flink.metrics.Counter;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Idempotent writes of a small sink, asynchronous with a bound on those in flight: transient faults retried for the
 * write timeout ({@link WriteRetry}), the first failure kept and thrown on the next write or flush, and
 * {@link #flush()} waiting for every write in flight — what a sink calls before a checkpoint completes, so that its
 * guarantee is at least once. Written twice, an idempotent statement is one row.
 */
public final class AsyncWriter implements AutoCloseable {
    private final Session session;
    private final Duration writeTimeout;
    private final int maxInFlight;
    private final String what;
    private final Counter written;
    private final Semaphore inFlight;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final ScheduledExecutorService retryTimer;
    private final WriteRetry retry;

    /** {@code what} names the writes in errors ("forecast", "segment move"). */
    public AsyncWriter(Session session, Duration writeTimeout, int maxInFlight, String what, Counter written,
                       Counter retries) {
        this.session = session;
        this.writeTimeout = writeTimeout;
        this.maxInFlight = maxInFlight;
        this.what = what;
        this.written = written;
        this.inFlight = new Semaphore(maxInFlight);
        this.retryTimer = DaemonThreads.single("tablecast-" + what.replace(' ', '-') + "-retry");
        this.retry = new WriteRetry(retryTimer, writeTimeout, System::nanoTime, retries::inc);
    }

    public void write(Statement statement) throws IOException, InterruptedException {
        throwIfFailed();
        if (!inFlight.tryAcquire(writeTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IOException("no " + what + " write finished within " + writeTimeout);
        }
        statement.setIdempotent(true);
        ListenableFuture<ResultSet> write = retry.run(() -> session.executeAsync(statement), null);
        write.addListener(() -> {
            try {
                write.get();
                written.inc();
            } catch (InterruptedException | ExecutionException e) {
                failure.compareAndSet(null, e.getCause() != null ? e.getCause() : e);
            } finally {
                inFlight.release();
            }
        }, Runnable::run);
    }

    /** Waits for every write in flight; throws if any failed. */
    public void flush() throws IOException, InterruptedException {
        if (!inFlight.tryAcquire(maxInFlight, writeTimeout.toMillis() * 2, TimeUnit.MILLISECONDS)) {
            throw new IOException(what + " writes still in flight after " + writeTimeout.multipliedBy(2));
        }
        inFlight.release(maxInFlight);
        throwIfFailed();
    }

    private void throwIfFailed() throws IOException {
        Throwable t = failure.get();
        if (t != null) {
            throw new IOException("a " + what + " write failed", t);
        }
    }

    /** Flushes, then stops the retry timer (the session is the caller's). */
    @Override
    public void close() throws IOException, InterruptedException {
        try {
            flush();
        } finally {
            retryTimer.shutdownNow();
        }
    }
}
