package io.tablecast.forecasting;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * One segment's forecaster as it lives in keyed state: two years and a week of hourly counts (two bytes an hour,
 * see {@link HourRing}) and a live {@link FittedModel}. {@link #observe} is O(1) per hour; {@link #refit} is due once
 * a day for a full model and every hour while the segment is too young for one. A refit costs about 2 ms while the
 * history is shorter than the regression's threshold (the smoothers see at most eight weeks), and up to about 30 ms
 * once the regression, which sees it all, takes part. {@link #toBytes} writes a versioned snapshot of at most
 * {@value #MAX_STATE_BYTES} bytes; the same observations always give the same bytes.
 */
public final class SegmentForecaster {
    /** Two years for the regression's yearly cycle, and a week to validate it on. */
    public static final int HISTORY_HOURS = 2 * 8766 + 168;
    public static final int MAX_STATE_BYTES = 64 * 1024;
    /**
     * 4: the young-segment floor under the bound; 5: bounds for day totals; 6: event days' totals bounded apart, the
     * point's bias on totals; 7: per-event priors (the typical week they are sized on); 8: the drift of the daily
     * shape, the quiet day holidays are first taken to look like; 9: the bound's clock-hour scale; 10: whole-number
     * bounds for counts. Versions 3 to 9 still restore, with what they lacked made up at the next refit.
     */
    static final byte VERSION = 10;
    private static final byte OLDEST_READABLE_VERSION = 3;
    private static final int FULL_MODEL_REFIT_HOURS = 24;

    private final HourlyForecaster forecaster;
    private HourRing ring = new HourRing(HISTORY_HOURS);
    private long nextHour = Long.MIN_VALUE;
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
     * the feed is not a quiet hour). An hour at or before the last one observed is ignored and false returned. A gap
     * longer than the history held starts the segment over: nothing it knew would still be in its history.
     *
     * @throws IllegalArgumentException when the value is negative or infinite (NaN stands for a missing hour)
     */
    public boolean observe(long hour, double value) {
        if (value < 0 || Double.isInfinite(value)) {
            throw new IllegalArgumentException("hour " + hour + ": " + value
                    + " is not a count (a finite number >= 0, or NaN for a missing hour)");
        }
        if (nextHour != Long.MIN_VALUE && hour < nextHour) {
            return false;
        }
        if (nextHour == Long.MIN_VALUE || hour - nextHour >= HISTORY_HOURS) {
            startOver(hour);
        }
        while (nextHour < hour) {
            append(Double.NaN);
        }
        append(value);
        return true;
    }

    private void startOver(long hour) {
        ring = new HourRing(HISTORY_HOURS);
        nextHour = hour;
        model = null;
        hoursSinceFit = 0;
        coveredHours = 0;
        judgedHours = 0;
    }

    private void append(double value) {
        ring.append(value);
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

    /** The live model's forecast of the next hour (point and upper bound), or null before the first fit. */
    public Forecast nextHourForecast() {
        return model == null ? null : model.nextHour();
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
        model = forecaster.fit(ring.values(), nextHour - ring.size(), events, ring.holdsWholeNumbers());
        hoursSinceFit = 0;
    }

    /** The next 168 hours from the last hour observed; refits first if never fitted. */
    public Forecast forecast() {
        if (model == null) {
            refit();
        }
        return model.forecast();
    }

    /** The history held, oldest first, as the quantised ring gives it back. */
    double[] history() {
        return ring.values();
    }

    public byte[] toBytes() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 * 1024);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(VERSION);
            out.writeLong(nextHour);
            ring.write(out);
            out.writeInt(hoursSinceFit);
            out.writeDouble(coveredHours);
            out.writeDouble(judgedHours);
            out.writeBoolean(model != null);
            if (model != null) {
                FittedModelCodec.write(model, out);
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
            if (version < OLDEST_READABLE_VERSION || version > VERSION) {
                throw new IllegalArgumentException("forecaster state version " + version + " is not one of "
                        + OLDEST_READABLE_VERSION + ".." + VERSION);
            }
            SegmentForecaster f = new SegmentForecaster(quantile);
            f.nextHour = in.readLong();
            f.ring = HourRing.read(in, HISTORY_HOURS);
            f.hoursSinceFit = in.readInt();
            f.coveredHours = in.readDouble();
            f.judgedHours = in.readDouble();
            if (in.readBoolean()) {
                f.model = FittedModelCodec.read(in, version);
            }
            return f;
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable forecaster state", e);
        }
    }
}
