package io.tablecast.connectors.cql.internal;

import com.datastax.driver.core.exceptions.BootstrappingException;
import com.datastax.driver.core.exceptions.BusyConnectionException;
import com.datastax.driver.core.exceptions.BusyPoolException;
import com.datastax.driver.core.exceptions.ConnectionException;
import com.datastax.driver.core.exceptions.InvalidQueryException;
import com.datastax.driver.core.exceptions.NoHostAvailableException;
import com.datastax.driver.core.exceptions.OverloadedException;
import com.datastax.driver.core.exceptions.QueryExecutionException;
import com.datastax.driver.core.exceptions.ServerError;
import org.apache.flink.cassandra.shaded.com.google.common.util.concurrent.ListenableFuture;
import org.apache.flink.cassandra.shaded.com.google.common.util.concurrent.MoreExecutors;
import org.apache.flink.cassandra.shaded.com.google.common.util.concurrent.SettableFuture;

import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Retries an idempotent CQL write through transient faults — a defunct connection, a timeout, an unavailable or
 * overloaded node, a node restarting — with growing, jittered pauses, for at most a time budget; only then does the
 * write fail (and with it the job, which restarts from its checkpoint). A write to a table the server does not know
 * (a schema change not yet everywhere, or a dropped table) is handed to a redirect, so the row is kept elsewhere
 * instead of failing. Anything else fails at once: retrying a bad query only delays the error.
 *
 * <p>The first attempt runs on the caller's thread, every later one on {@code timer}: driver callbacks run on its I/O
 * threads, which must never block.
 */
public final class WriteRetry {
    /** What a failed attempt calls for. */
    public enum Failure { TRANSIENT, TABLE_MISSING, PERMANENT }

    static final long FIRST_PAUSE_MILLIS = 50;
    static final long MAX_PAUSE_MILLIS = 5_000;

    private final ScheduledExecutorService timer;
    private final long budgetNanos;
    private final LongSupplier nanoClock;
    private final Runnable onRetry;

    public WriteRetry(ScheduledExecutorService timer, Duration budget, LongSupplier nanoClock, Runnable onRetry) {
        this.timer = timer;
        this.budgetNanos = budget.toNanos();
        this.nanoClock = nanoClock;
        this.onRetry = onRetry;
    }

    public static Failure classify(Throwable failure) {
        Throwable t = failure instanceof ExecutionException && failure.getCause() != null ? failure.getCause()
                : failure;
        if (t instanceof NoHostAvailableException) {
            // Judged by what each host said: all refusing an unknown table is no connection problem to wait out.
            var perHost = ((NoHostAvailableException) t).getErrors().values();
            for (Failure verdict : new Failure[] {Failure.TABLE_MISSING, Failure.PERMANENT}) {
                if (!perHost.isEmpty() && perHost.stream().allMatch(e -> classify(e) == verdict)) {
                    return verdict;
                }
            }
            return Failure.TRANSIENT;
        }
        String message = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
        // The driver re-prepares a statement the server forgot, and reports a refusal as a DriverException.
        if (t instanceof InvalidQueryException || message.contains("error invalid")) {
            return message.contains("unconfigured table") || message.contains("does not exist")
                    ? Failure.TABLE_MISSING : Failure.PERMANENT;
        }
        if (t instanceof ConnectionException
                || t instanceof QueryExecutionException || t instanceof OverloadedException
                || t instanceof BootstrappingException || t instanceof BusyConnectionException
                || t instanceof BusyPoolException || t instanceof ServerError) {
            return Failure.TRANSIENT;
        }
        return Failure.PERMANENT;
    }

    /**
     * Runs {@code attempt} until it succeeds, a permanent failure, or the budget is spent.
     *
     * @param whenTableMissing writes the row elsewhere when the server does not know the table; null: such a
     *                         failure is permanent
     */
    public <T> ListenableFuture<T> run(Supplier<ListenableFuture<T>> attempt,
                                       Function<Throwable, ListenableFuture<T>> whenTableMissing) {
        SettableFuture<T> result = SettableFuture.create();
        attempt(attempt, whenTableMissing, result, nanoClock.getAsLong() + budgetNanos, FIRST_PAUSE_MILLIS);
        return result;
    }

    private <T> void attempt(Supplier<ListenableFuture<T>> attempt, Function<Throwable, ListenableFuture<T>> redirect,
                             SettableFuture<T> result, long deadline, long pauseMillis) {
        ListenableFuture<T> write;
        try {
            write = attempt.get();
        } catch (RuntimeException e) {
            write = immediateFailure(e);
        }
        ListenableFuture<T> current = write;
        current.addListener(() -> {
            Throwable failure = failureOf(current);
            if (failure == null) {
                result.set(doneValue(current));
                return;
            }
            Failure kind = classify(failure);
            if (kind == Failure.TABLE_MISSING && redirect != null) {
                timer.execute(() -> result.setFuture(redirect.apply(failure)));
            } else if (kind == Failure.TRANSIENT && nanoClock.getAsLong()
                    + TimeUnit.MILLISECONDS.toNanos(pauseMillis) < deadline) {
                onRetry.run();
                long pause = pauseMillis / 2 + ThreadLocalRandom.current().nextLong(pauseMillis / 2 + 1);
                timer.schedule(() -> attempt(attempt, redirect, result, deadline,
                        Math.min(MAX_PAUSE_MILLIS, pauseMillis * 2)), pause, TimeUnit.MILLISECONDS);
            } else {
                result.setException(failure);
            }
        }, MoreExecutors.directExecutor());
    }

    private static <T> ListenableFuture<T> immediateFailure(Throwable t) {
        SettableFuture<T> f = SettableFuture.create();
        f.setException(t);
        return f;
    }

    private static Throwable failureOf(ListenableFuture<?> done) {
        try {
            done.get();
            return null;
        } catch (ExecutionException e) {
            return e.getCause() != null ? e.getCause() : e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return e;
        } catch (RuntimeException e) {
            return e;  // cancelled
        }
    }

    private static <T> T doneValue(ListenableFuture<T> done) {
        try {
            return done.get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("read a value of a future that failed", e);
        }
    }
}
