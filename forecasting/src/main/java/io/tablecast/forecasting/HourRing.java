package io.tablecast.forecasting;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * The last {@code capacity} hourly counts of a segment, two bytes an hour: log1p of the count quantised to 65 534
 * steps over [0, 25] (counts up to 7·10¹⁰, each within 0.02 % of its value), one code for a missing hour. Two years of
 * hours fit in 35 KB, where doubles would take 140 KB — long enough for the yearly cycle, small enough for keyed
 * state.
 */
final class HourRing {
    private static final double LOG_RANGE = 25;
    private static final int MISSING = 0xFFFF;
    private static final double STEP = LOG_RANGE / (MISSING - 1);

    private final short[] codes;
    private int size;
    /** Where the next hour goes. */
    private int next;

    HourRing(int capacity) {
        codes = new short[capacity];
    }

    void append(double count) {
        codes[next] = (short) encode(count);
        next = next + 1 == codes.length ? 0 : next + 1;
        size = Math.min(codes.length, size + 1);
    }

    int size() {
        return size;
    }

    /** Oldest first; NaN where an hour is missing. */
    double[] values() {
        double[] v = new double[size];
        int start = Math.floorMod(next - size, codes.length);
        for (int i = 0; i < size; i++) {
            v[i] = decode(codes[(start + i) % codes.length] & 0xFFFF);
        }
        return v;
    }

    /**
     * Whether every hour held could have been a whole number: its code is a whole number's. Whole numbers always
     * pass; a fraction fails where the steps are finer than its distance to a whole number (steps of 0.04 at a count
     * of 100, 0.4 at 1 000): at large counts nearly anything passes, where rounding a bound changes nothing.
     */
    boolean holdsWholeNumbers() {
        for (int i = 0; i < size; i++) {
            if (!WHOLE_NUMBER_CODES[codes[i] & 0xFFFF]) {
                return false;
            }
        }
        return true;
    }

    /** Per code, whether a whole number has it (missing hours: true). A refit asks of every hour held. */
    private static final boolean[] WHOLE_NUMBER_CODES = new boolean[MISSING + 1];

    static {
        for (int code = 0; code < MISSING; code++) {
            WHOLE_NUMBER_CODES[code] = encode(Math.rint(decode(code))) == code;
        }
        WHOLE_NUMBER_CODES[MISSING] = true;
    }

    static int encode(double count) {
        if (Double.isNaN(count)) {
            return MISSING;
        }
        double z = Math.log(1 + Math.max(0, count));
        return (int) Math.round(Math.min(LOG_RANGE, z) / STEP);
    }

    static double decode(int code) {
        return code == MISSING ? Double.NaN : Math.exp(code * STEP) - 1;
    }

    /** Writes the held hours, oldest first. */
    void write(DataOutputStream out) throws IOException {
        out.writeInt(size);
        int start = Math.floorMod(next - size, codes.length);
        for (int i = 0; i < size; i++) {
            out.writeShort(codes[(start + i) % codes.length]);
        }
    }

    static HourRing read(DataInputStream in, int capacity) throws IOException {
        HourRing ring = new HourRing(capacity);
        int size = in.readInt();
        if (size < 0 || size > capacity) {
            throw new IOException("history of " + size + " hours does not fit " + capacity);
        }
        for (int i = 0; i < size; i++) {
            ring.codes[i] = in.readShort();
        }
        ring.size = size;
        ring.next = size % capacity;
        return ring;
    }
}
