package io.tablecast.connectors.model;

/**
 * A segment's hourly volume forecast as issued by the job: from {@code firstHour} on, a point forecast and an upper
 * bound per hour (capacity is sized from the bound). A Flink POJO; hours count from the epoch, UTC.
 */
public class SegmentForecast {
    public String segmentId;
    /** The first hour whose count the forecast did not know: the hour it was issued in. */
    public long issuedHour;
    /**
     * The event time it was issued at, epoch milliseconds: whoever plans by forecasts uses, for a decision due at
     * time T, the latest forecast issued at or before T — the same one on every replay.
     */
    public long issuedAtMillis;
    public long firstHour;
    public double[] point;
    public double[] upper;
    /**
     * Offsets that bound the total of 24 hours starting 0, 24, ... 144 hours from {@code firstHour}, calibrated on
     * day totals (between square roots of counts: upper = (√point total + offset)²); null where the forecaster had
     * too little history to calibrate them, and in forecasts issued before it did.
     */
    public double[] dayTotalOffsets;
    /**
     * The offsets for a day an external event (a promotion, a holiday) falls in, calibrated on such days apart; null
     * where {@code dayTotalOffsets} serve those days too.
     */
    public double[] dayTotalEventOffsets;
    /** Per forecast hour, whether an external event the forecaster knows of falls in it; null: none does. */
    public boolean[] eventHours;
    /**
     * The point's bias on day totals, per day ahead, between square roots: expected = (√point total + centre)²; null:
     * none known.
     */
    public double[] dayTotalCentres;
    /** The model that made it, and why a simpler one when the history was short (null otherwise). */
    public String model;
    public String note;

    public SegmentForecast() {}

    public SegmentForecast(String segmentId, long issuedHour, long issuedAtMillis, long firstHour, double[] point,
                           double[] upper, double[] dayTotalOffsets, String model, String note) {
        this.segmentId = segmentId;
        this.issuedHour = issuedHour;
        this.issuedAtMillis = issuedAtMillis;
        this.firstHour = firstHour;
        this.point = point;
        this.upper = upper;
        this.dayTotalOffsets = dayTotalOffsets;
        this.model = model;
        this.note = note;
    }

    /**
     * Sets what bounds the totals of days with an external event in them and the point's bias on day totals;
     * returns this forecast.
     */
    public SegmentForecast withDayTotals(double[] dayTotalEventOffsets, boolean[] eventHours,
                                         double[] dayTotalCentres) {
        this.dayTotalEventOffsets = dayTotalEventOffsets;
        this.eventHours = eventHours;
        this.dayTotalCentres = dayTotalCentres;
        return this;
    }

    @Override
    public String toString() {
        return "SegmentForecast{" + segmentId + " issued " + issuedHour + ", " + point.length + " h from " + firstHour
                + ", " + model + "}";
    }
}
