package io.tablecast.job.tools;

import java.util.Arrays;

/** Latencies in milliseconds, kept whole so percentiles are exact (a bench run holds a few hundred thousand). */
final class LatencySample {
    private long[] values = new long[1024];
    private int size;
    private boolean sorted = true;

    void add(long millis) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = millis;
        sorted = false;
    }

    int count() {
        return size;
    }

    /** The nearest-rank percentile: the smallest value with at least {@code q} of the sample at or below it. */
    long percentile(double q) {
        if (size == 0) {
            throw new IllegalStateException("no latencies recorded");
        }
        if (!sorted) {
            Arrays.sort(values, 0, size);
            sorted = true;
        }
        int rank = (int) Math.ceil(q * size);
        return values[Math.max(0, Math.min(size - 1, rank - 1))];
    }
}
