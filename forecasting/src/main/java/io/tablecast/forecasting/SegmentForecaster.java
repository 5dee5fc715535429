package io.tablecast.forecasting;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;

/**
 * One segment's forecaster as it lives in keyed state: the last eight weeks of hourly counts and a live
 * {@link FittedModel}. {@link #observe} is O(1) per hour; {@link #refit} (a few milliseconds) is due once a day for
 * a full model and every hour while the segment is too young for one. {@link #toBytes} writes a versioned snapshot
 * of at most {@value #MAX_STATE_BYTES} bytes; the same observations always give the same bytes.
 */
public final class SegmentForecaster {
    public static final int HISTORY_HOURS = 8 * 168;
    public static final int MAX_STATE_BYTES = 64 * 1024;
    private static final byte VERSION = 2;
    private static final int FULL_MODEL_REFIT_HOURS = 24;

    private final HourlyForecaster forecaster;
    /** Ring of the last {@link #HISTORY_HOURS} hours; NaN where an hour is missing. */
    private final float[] ring = new float[HISTORY_HOURS];
    private long nextHour = Long.MIN_VALUE;
    private int size;
    private FittedModel model;
    private int hoursSinceFit;
    /** Exponentially decayed counts of hours observed under, and above, the bound forecast for them an hour before. */
    private double coveredHours;
    private double judgedHours;
    /** Two weeks: long enough to count, short enough to notice when the bound stops holding. */
    private static final double COVERAGE_DECAY = 1 - 1.0 / 336;

    public SegmentForecaster(double quantile) {
        this.forecaster = new HourlyForecaster(quantile);
    }

    /**
     * Takes the count of one hour. Hours must come in order; skipped hours count as missing (not as zero: a gap in
     * the feed is not a quiet hour). An hour at or before the last one observed is ignored and false returned.
     */
    public boolean observe(long hour, double value) {
        if (nextHour != Long.MIN_VALUE && hour < nextHour) {
            return false;
        }
        if (nextHour == Long.MIN_VALUE) {
            nextHour = hour;
        }
        while (nextHour < hour) {
            append(Double.NaN);
        }
        append(value);
        return true;
    }

    private void append(double value) {
        ring[(int) Math.floorMod(nextHour, (long) HISTORY_HOURS)] = (float) value;
        size = Math.min(HISTORY_HOURS, size + 1);
        nextHour++;
        if (model != null) {
            if (!Double.isNaN(value)) {
                judgedHours = judgedHours * COVERAGE_DECAY + 1;
                coveredHours = coveredHours * COVERAGE_DECAY + (value <= model.nextUpper() ? 1 : 0);
            }
            model.update(value);
            hoursSinceFit++;
        }
    }

    /**
     * The share of recent hours (half-life about a week) that came in at or under the upper bound forecast for them
     * an hour ahead: the bound's empirical coverage, to compare with the quantile asked for. NaN before any hour was
     * judged.
     */
    public double recentCoverage() {
        return judgedHours == 0 ? Double.NaN : coveredHours / judgedHours;
    }

    public boolean refitDue() {
        return model == null || hoursSinceFit >= (model.isFullModel() ? FULL_MODEL_REFIT_HOURS : 1);
    }

    /** Chooses and fits the model again on the history held; bounded by the history's fixed length. */
    public void refit() {
        refit(List.of());
    }

    /** As {@link #refit()}, with the external events that apply to this segment (past ones and announced ones). */
    public void refit(List<ExternalEvent> events) {
        model = forecaster.fit(history(), nextHour - size, events);
        hoursSinceFit = 0;
    }

    /** The next 168 hours from the last hour observed; refits first if never fitted. */
    public Forecast forecast() {
        if (model == null) {
            refit();
        }
        return model.forecast();
    }

    /** The history held, oldest first. */
    double[] history() {
        double[] h = new double[size];
        long first = nextHour - size;
        for (int i = 0; i < size; i++) {
            h[i] = ring[(int) Math.floorMod(first + i, (long) HISTORY_HOURS)];
        }
        return h;
    }

    public byte[] toBytes() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(8 * 1024);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(VERSION);
            out.writeLong(nextHour);
            out.writeInt(size);
            double[] h = history();
            for (double v : h) {
                out.writeFloat((float) v);
            }
            out.writeInt(hoursSinceFit);
            out.writeDouble(coveredHours);
            out.writeDouble(judgedHours);
            out.writeBoolean(model != null);
            if (model != null) {
                model.write(out);
            }
            out.flush();
            if (bytes.size() > MAX_STATE_BYTES) {
                throw new IllegalStateException("forecaster state of " + bytes.size() + " bytes exceeds the bound");
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static SegmentForecaster fromBytes(byte[] bytes, double quantile) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte version = in.readByte();
            if (version != VERSION) {
                throw new IllegalArgumentException("forecaster state version " + version + " is not " + VERSION);
            }
            SegmentForecaster f = new SegmentForecaster(quantile);
            f.nextHour = in.readLong();
            f.size = in.readInt();
            long first = f.nextHour - f.size;
            Arrays.fill(f.ring, Float.NaN);
            for (int i = 0; i < f.size; i++) {
                f.ring[(int) Math.floorMod(first + i, (long) HISTORY_HOURS)] = in.readFloat();
            }
            f.hoursSinceFit = in.readInt();
            f.coveredHours = in.readDouble();
            f.judgedHours = in.readDouble();
            if (in.readBoolean()) {
                f.model = FittedModel.read(in);
            }
            return f;
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable forecaster state", e);
        }
    }
}
