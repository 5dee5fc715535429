package io.tablecast.job.tools;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.commons.math3.distribution.PoissonDistribution;
import org.apache.commons.math3.distribution.ZipfDistribution;
import org.apache.commons.math3.random.MersenneTwister;
import org.apache.commons.math3.random.RandomGenerator;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Synthetic transactions with the shape of real traffic: Zipf-skewed users (a few very active), users spread over
 * segments, a daily and a weekly cycle, holiday dips and promotion spikes, and a configurable share of malformed
 * records of several kinds. Deterministic for a seed.
 */
public final class TransactionGenerator {
    private static final String[] TYPES = {"purchase", "refund", "transfer", "withdrawal"};
    private static final String[] CURRENCIES = {"USD", "EUR", "GBP"};

    /** What to generate. */
    public static final class Settings {
        public Instant start = Instant.now().minus(Duration.ofDays(1));
        public Duration span = Duration.ofDays(1);
        public double meanPerHour = 1000;
        public int users = 1000;
        public double zipfExponent = 1.1;
        public List<String> segments = Arrays.asList("retail", "premium", "smb");
        /**
         * 0: a user's segment follows from its rank (few segments of similar size). Above 0: each record's segment is
         * drawn from a Zipf distribution of this exponent over {@link #segments} (the first the busiest), and users
         * belong to one segment each: many segments of very different sizes, as real segmentations have.
         */
        public double segmentSkew = 0;
        /** Share of records that name no segment and so take the job's default. */
        public double unsegmentedShare = 0.1;
        public double malformedShare = 0.02;
        public Set<LocalDate> holidays = Set.of();
        public Set<LocalDate> promotions = Set.of();
        /**
         * With {@link #segmentSkew} above 0: a segment whose traffic is multiplied by {@link #surgeFactor} from
         * {@link #surgeFrom} on, unannounced (null: none).
         */
        public String surgeSegment;
        public Instant surgeFrom;
        public double surgeFactor = 5;
        public long seed = 42;
    }

    /** One generated line, and whether it was made malformed on purpose. */
    public static final class Line {
        public final String json;
        public final boolean malformed;
        public final String txnId;

        Line(String json, boolean malformed, String txnId) {
            this.json = json;
            this.malformed = malformed;
            this.txnId = txnId;
        }
    }

    private final Settings s;
    private final RandomGenerator random;
    private final ZipfDistribution userRank;
    private final ZipfDistribution segmentRank;
    private final ObjectMapper mapper = new ObjectMapper();
    private long sequence;

    public TransactionGenerator(Settings settings) {
        this.s = settings;
        this.random = new MersenneTwister(settings.seed);
        this.userRank = new ZipfDistribution(random, settings.users, settings.zipfExponent);
        this.segmentRank = settings.segmentSkew > 0
                ? new ZipfDistribution(random, settings.segments.size(), settings.segmentSkew) : null;
    }

    /** Emits lines in time order, hour by hour, until the span is covered. */
    public void generate(Consumer<Line> out) {
        long hourMillis = Duration.ofHours(1).toMillis();
        long from = s.start.toEpochMilli();
        long to = from + s.span.toMillis();
        for (long hour = from; hour < to; hour += hourMillis) {
            double rate = s.meanPerHour * shape(Instant.ofEpochMilli(hour));
            int n = rate <= 0 ? 0 : new PoissonDistribution(random, rate, PoissonDistribution.DEFAULT_EPSILON,
                    PoissonDistribution.DEFAULT_MAX_ITERATIONS).sample();
            long span = Math.min(hourMillis, to - hour);
            int surge = surgeIn(hour, rate);
            // Ordinary records come as even numbers, surge records as odd: one sort keeps both in time order.
            long[] times = new long[n + surge];
            for (int i = 0; i < n + surge; i++) {
                times[i] = 2 * (hour + (long) (random.nextDouble() * span)) + (i < n ? 0 : 1);
            }
            Arrays.sort(times);
            for (long t : times) {
                out.accept(next(t / 2, t % 2 == 1 ? s.segments.indexOf(s.surgeSegment) : -1));
            }
        }
    }

    /** Extra records of the surging segment in this hour: (factor − 1) times its share of the hour's rate. */
    private int surgeIn(long hour, double rate) {
        if (s.surgeSegment == null || segmentRank == null || hour < s.surgeFrom.toEpochMilli() || rate <= 0) {
            return 0;
        }
        double share = segmentRank.probability(s.segments.indexOf(s.surgeSegment) + 1);
        return new PoissonDistribution(random, rate * share * (s.surgeFactor - 1),
                PoissonDistribution.DEFAULT_EPSILON, PoissonDistribution.DEFAULT_MAX_ITERATIONS).sample();
    }

    /** One record at {@code tsMillis}, drawn as {@link #generate} draws them: for live traffic, paced by the caller. */
    public Line lineAt(long tsMillis) {
        return next(tsMillis, -1);
    }

    public List<Line> generateAll() {
        List<Line> lines = new ArrayList<>();
        generate(lines::add);
        return lines;
    }

    /** Relative volume of an hour: daily cycle × weekly cycle × holiday or promotion. */
    double shape(Instant hour) {
        ZonedDateTime t = hour.atZone(ZoneOffset.UTC);
        double daily = 0.35 + 0.65 * Math.pow(Math.sin(Math.PI * ((t.getHour() + 18) % 24) / 24.0), 2);
        DayOfWeek dow = t.getDayOfWeek();
        double weekly = dow == DayOfWeek.SATURDAY ? 0.8 : dow == DayOfWeek.SUNDAY ? 0.65 : 1.0;
        LocalDate day = t.toLocalDate();
        double event = s.holidays.contains(day) ? 0.4 : s.promotions.contains(day) ? 2.5 : 1.0;
        return daily * weekly * event;
    }

    /** @param forcedSegment index of the segment this record must have (a surge), or -1 */
    private Line next(long ts, int forcedSegment) {
        String txnId = "t" + s.seed + "-" + (sequence++);
        int drawn = segmentRank == null ? -1 : segmentRank.sample() - 1;
        int segment = forcedSegment >= 0 ? forcedSegment : drawn;
        int rank = userRank.sample();
        String userId = segment < 0 ? "u" + rank : "u" + segment + "-" + rank;
        ObjectNode json = mapper.createObjectNode();
        json.put("txn_id", txnId);
        json.put("user_id", userId);
        json.put("ts", Instant.ofEpochMilli(ts).toString());
        json.put("amount", BigDecimal.valueOf(Math.exp(random.nextGaussian() + 3)).setScale(2, RoundingMode.HALF_UP));
        json.put("currency", CURRENCIES[rank % CURRENCIES.length]);
        json.put("type", TYPES[random.nextInt(TYPES.length)]);
        json.put("merchant", "m" + random.nextInt(500));
        if (random.nextDouble() >= s.unsegmentedShare) {
            json.put("segment", s.segments.get(segment >= 0 ? segment : Math.floorMod(rank * 31, s.segments.size())));
        }
        if (random.nextDouble() < s.malformedShare) {
            return new Line(malform(json), true, txnId);
        }
        return new Line(json.toString(), false, txnId);
    }

    private String malform(ObjectNode json) {
        switch (random.nextInt(8)) {
            case 0:
                return json.toString().substring(0, json.toString().length() / 2);
            case 1:
                json.remove("txn_id");
                return json.toString();
            case 2:
                json.put("ts", "yesterday at noon");
                return json.toString();
            case 3:
                json.put("amount", "twelve");
                return json.toString();
            case 4:
                json.put("currency", "dollars");
                return json.toString();
            case 5:
                json.put("ts", s.start.plus(s.span).plus(Duration.ofDays(365 * 70)).toString());
                return json.toString();
            case 6:
                json.put("segment", "bad segment; DROP TABLE x");
                return json.toString();
            default:
                return "[" + json + "]";
        }
    }
}
