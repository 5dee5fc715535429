package io.tablecast.job.segments;

import java.util.Arrays;
import java.util.List;

/**
 * One user's behavior, compact (a few numbers whatever the history): records and spend a day, the share of days
 * with a record and the share of each tracked transaction type, each an exponentially weighted mean over closed days with a time constant
 * of the rules' window (bias-corrected, so a user seen for three days is judged by those three, not by 25 empty
 * ones), and the last day with a record. A day is folded in once it is closed; the open day is tallied apart. A
 * Flink POJO: it is the segment assigner's keyed state.
 */
public class BehaviorFeatures {
    public static final String RECORDS_PER_DAY = "records_per_day";
    public static final String SPEND_PER_DAY = "spend_per_day";
    public static final String MEAN_AMOUNT = "mean_amount";
    public static final String ACTIVE_SHARE = "active_share";
    public static final String DAYS_SINCE_LAST = "days_since_last";
    public static final String TYPE_SHARE_PREFIX = "type_share.";
    /** Days since the last record of a user never seen: past any threshold a rule can sensibly set. */
    static final double NEVER = 100_000;

    public double records;
    public double spend;
    public double active;
    /** The tracked types (those the rules name), and per type its weighted records. */
    public String[] typeNames = new String[0];
    public double[] types = new double[0];
    /** Sum of the weights so far, 1 − (1 − α)^days: divides the means to correct their start at zero. */
    public double weight;
    /** The last day folded in (days since the epoch); Long.MIN_VALUE before the first. */
    public long foldedThrough = Long.MIN_VALUE;
    public long lastActiveDay = Long.MIN_VALUE;

    /** The open day's tally, not yet folded. */
    public long tallyDay = Long.MIN_VALUE;
    public int tallyRecords;
    public double tallySpend;
    public int[] tallyTypes = new int[0];

    public BehaviorFeatures() {}

    /** A user never seen, tracking these types. */
    public static BehaviorFeatures fresh(List<String> trackedTypes) {
        BehaviorFeatures f = new BehaviorFeatures();
        f.retrack(trackedTypes);
        return f;
    }

    /**
     * Tracks these types from now on (new rules may name others): a type tracked before keeps its history, a new
     * one starts at none, so its share grows in over the rules' window. State from before types were named (no
     * names) starts over.
     */
    public void retrack(List<String> trackedTypes) {
        if (typeNames != null && Arrays.asList(typeNames).equals(trackedTypes)) {
            return;
        }
        double[] kept = new double[trackedTypes.size()];
        int[] keptTally = new int[trackedTypes.size()];
        for (int i = 0; i < kept.length && typeNames != null; i++) {
            int old = Arrays.asList(typeNames).indexOf(trackedTypes.get(i));
            if (old >= 0) {
                kept[i] = types[old];
                keptTally[i] = tallyTypes[old];
            }
        }
        typeNames = trackedTypes.toArray(new String[0]);
        types = kept;
        tallyTypes = keptTally;
    }

    /** Counts a record of the open day {@code day}; the open day is folded in by {@link #closeThrough}. */
    public void tally(long day, double amount, String type) {
        if (tallyDay != Long.MIN_VALUE && tallyDay != day) {
            throw new IllegalStateException("day " + tallyDay + " is still open; close it before tallying " + day);
        }
        tallyDay = day;
        tallyRecords++;
        tallySpend += amount;
        int typeIndex = Arrays.asList(typeNames).indexOf(type);
        if (typeIndex >= 0) {
            tallyTypes[typeIndex]++;
        }
    }

    /**
     * Folds every day up to {@code day} in: the open day's tally, and a zero for each quiet day between (but none
     * before the user's first record).
     */
    public void closeThrough(long day, int windowDays) {
        double alpha = 1.0 / windowDays;
        if (tallyDay != Long.MIN_VALUE && tallyDay <= day) {
            if (foldedThrough != Long.MIN_VALUE) {
                decay(tallyDay - foldedThrough - 1, alpha);
            }
            fold(alpha);
            foldedThrough = tallyDay;
            tallyDay = Long.MIN_VALUE;
        }
        if (foldedThrough != Long.MIN_VALUE && day > foldedThrough) {
            decay(day - foldedThrough, alpha);
            foldedThrough = day;
        }
    }

    private void fold(double alpha) {
        records += alpha * (tallyRecords - records);
        spend += alpha * (tallySpend - spend);
        active += alpha * ((tallyRecords > 0 ? 1 : 0) - active);
        for (int i = 0; i < types.length; i++) {
            types[i] += alpha * (tallyTypes[i] - types[i]);
            tallyTypes[i] = 0;
        }
        weight += alpha * (1 - weight);
        if (tallyRecords > 0) {
            lastActiveDay = tallyDay;
        }
        tallyRecords = 0;
        tallySpend = 0;
    }

    private void decay(long days, double alpha) {
        if (days <= 0) {
            return;
        }
        double keep = Math.pow(1 - alpha, Math.min(days, 10_000));
        records *= keep;
        spend *= keep;
        active *= keep;
        for (int i = 0; i < types.length; i++) {
            types[i] *= keep;
        }
        weight = 1 - (1 - weight) * keep;  // the quiet days count as observed days
    }

    /** The features as rules read them, on {@code day} (days since the last record are counted to it). */
    public Values valuesOn(long day) {
        return new Values(this, day);
    }

    /** A read-only view for the rules. */
    public static final class Values {
        private final BehaviorFeatures f;
        private final long day;

        Values(BehaviorFeatures f, long day) {
            this.f = f;
            this.day = day;
        }

        public double get(String feature) {
            double w = f.weight == 0 ? 1 : f.weight;
            switch (feature) {
                case RECORDS_PER_DAY:
                    return f.records / w;
                case SPEND_PER_DAY:
                    return f.spend / w;
                case MEAN_AMOUNT:
                    return f.records == 0 ? 0 : f.spend / f.records;
                case ACTIVE_SHARE:
                    return f.active / w;
                case DAYS_SINCE_LAST:
                    return f.lastActiveDay == Long.MIN_VALUE ? NEVER : day - f.lastActiveDay;
                default:
                    int i = Arrays.asList(f.typeNames).indexOf(feature.substring(TYPE_SHARE_PREFIX.length()));
                    return i < 0 || f.records == 0 ? 0 : f.types[i] / f.records;
            }
        }
    }
}
