package io.tablecast.connectors.cql.internal;

import com.datastax.driver.core.EndPoint;
import com.datastax.driver.core.exceptions.DriverException;
import com.datastax.driver.core.exceptions.InvalidQueryException;
import com.datastax.driver.core.exceptions.NoHostAvailableException;
import com.datastax.driver.core.exceptions.OperationTimedOutException;
import com.datastax.driver.core.exceptions.SyntaxError;
import com.datastax.driver.core.exceptions.TransportException;
import org.apache.flink.cassandra.shaded.com.google.common.util.concurrent.ListenableFuture;
import org.apache.flink.cassandra.shaded.com.google.common.util.concurrent.SettableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WriteRetryTest {
    private static final EndPoint HOST = () -> new InetSocketAddress("127.0.0.1", 9042);
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final AtomicInteger retries = new AtomicInteger();

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    private WriteRetry retry(Duration budget) {
        return new WriteRetry(timer, budget, System::nanoTime, retries::incrementAndGet);
    }

    /** Attempts that fail with the given errors in turn, then succeed with "ok". */
    private static Supplier<ListenableFuture<String>> failing(AtomicInteger attempts, RuntimeException... errors) {
        Deque<RuntimeException> left = new ArrayDeque<>(List.of(errors));
        return () -> {
            attempts.incrementAndGet();
            SettableFuture<String> f = SettableFuture.create();
            RuntimeException next = left.poll();
            if (next == null) {
                f.set("ok");
            } else {
                f.setException(next);
            }
            return f;
        };
    }

    @Test
    void transientFaultsAreRetriedUntilTheWriteSucceeds() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        ListenableFuture<String> result = retry(Duration.ofSeconds(30)).run(failing(attempts,
                new NoHostAvailableException(Map.of(HOST,
                        new TransportException(HOST, "Write attempt on defunct connection"))),
                new OperationTimedOutException(HOST), new TransportException(HOST, "connection reset")), null);
        assertThat(result.get(10, TimeUnit.SECONDS)).isEqualTo("ok");
        assertThat(attempts).hasValue(4);
        assertThat(retries).hasValue(3);
    }

    @Test
    void aFaultThatOutlastsTheBudgetFailsTheWriteWithTheLastError() {
        AtomicInteger attempts = new AtomicInteger();
        RuntimeException[] forever = new RuntimeException[1000];
        Arrays.fill(forever, new OperationTimedOutException(HOST));
        long started = System.nanoTime();
        ListenableFuture<String> result = retry(Duration.ofMillis(400)).run(failing(attempts, forever), null);
        assertThatThrownBy(() -> result.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(OperationTimedOutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
        // Pauses of 50, 100, 200 ms (halved by jitter at most) fit a 400 ms budget: a few attempts, not one, not 1000.
        assertThat(attempts.get()).isBetween(2, 8);
    }

    @Test
    void aBadQueryFailsAtOnce() {
        AtomicInteger attempts = new AtomicInteger();
        ListenableFuture<String> result = retry(Duration.ofSeconds(30)).run(failing(attempts,
                new SyntaxError(HOST, "line 1:0 no viable alternative")), null);
        assertThatThrownBy(() -> result.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(SyntaxError.class);
        assertThat(attempts).hasValue(1);
        assertThat(retries).hasValue(0);
    }

    @Test
    void anUnknownTableGoesToTheRedirectInsteadOfFailing() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        ListenableFuture<String> result = retry(Duration.ofSeconds(30)).run(
                failing(attempts, new InvalidQueryException(HOST, "unconfigured table tx_202611250000_sretail_02")),
                tableMissing -> {
                    SettableFuture<String> kept = SettableFuture.create();
                    kept.set("kept in fallback after: " + tableMissing.getMessage());
                    return kept;
                });
        assertThat(result.get(10, TimeUnit.SECONDS)).startsWith("kept in fallback after: unconfigured table");
        assertThat(attempts).hasValue(1);
    }

    @Test
    void anUnknownTableWithoutARedirectFails() {
        ListenableFuture<String> result = retry(Duration.ofSeconds(30)).run(failing(new AtomicInteger(),
                new InvalidQueryException(HOST, "unconfigured table fallback_rows")), null);
        assertThatThrownBy(() -> result.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(InvalidQueryException.class);
    }

    @Test
    void classifiesWhatTheServerAndDriverSay() {
        assertThat(WriteRetry.classify(new InvalidQueryException("table tx_1 does not exist")))
                .isEqualTo(WriteRetry.Failure.TABLE_MISSING);
        assertThat(WriteRetry.classify(new InvalidQueryException("Undefined column name x")))
                .isEqualTo(WriteRetry.Failure.PERMANENT);
        assertThat(WriteRetry.classify(new ExecutionException(new OperationTimedOutException(HOST))))
                .isEqualTo(WriteRetry.Failure.TRANSIENT);
        assertThat(WriteRetry.classify(new IllegalStateException("bug"))).isEqualTo(WriteRetry.Failure.PERMANENT);
        // What the driver really reports when it re-prepares an insert into a table the server dropped.
        assertThat(WriteRetry.classify(new NoHostAvailableException(Map.of(HOST, new DriverException(
                "Error preparing query, got ERROR INVALID: table tx_202611250000_sretail_00 does not exist")))))
                .isEqualTo(WriteRetry.Failure.TABLE_MISSING);
        assertThat(WriteRetry.classify(new NoHostAvailableException(Map.of(HOST, new DriverException(
                "Error preparing query, got ERROR INVALID: Undefined column name x")))))
                .isEqualTo(WriteRetry.Failure.PERMANENT);
        assertThat(WriteRetry.classify(new NoHostAvailableException(Map.of(HOST, new DriverException(
                "Error preparing query, got ERROR INVALID: table t does not exist"), () -> null,
                new TransportException(HOST, "reset"))))).isEqualTo(WriteRetry.Failure.TRANSIENT);
        assertThat(WriteRetry.classify(new NoHostAvailableException(Map.of())))
                .isEqualTo(WriteRetry.Failure.TRANSIENT);
    }
}
