package io.tablecast.forecasting.bench;

import io.tablecast.forecasting.ExternalEvent;
import io.tablecast.forecasting.Forecast;
import io.tablecast.forecasting.HolidayCalendars;
import io.tablecast.forecasting.HourlyForecaster;
import io.tablecast.forecasting.SegmentForecaster;
import io.tablecast.forecasting.model.DoubleSeasonalSmoother;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

/**
 * The per-segment costs that decide whether forecasting fits in keyed state: one hourly update, one 168-hour forecast
 * from the current state, and a whole fit + forecast on eight weeks of history (what a refit costs), beside the
 * seasonal-naive forecast as the baseline.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ForecasterBenchmark {
    private static final int WEEKS = 8;
    /** 2026-09-01T00:00Z in hours since the epoch. */
    private static final long CALENDAR_FIRST_HOUR = 496_728;

    private double[] history;
    private DoubleSeasonalSmoother smoother;
    private double[] out;
    private int next;
    private final HourlyForecaster forecaster = new HourlyForecaster(0.975);
    private SegmentForecaster segment;
    private long segmentHour;
    private final List<ExternalEvent> holidays = new ArrayList<>();

    @Setup
    public void setUp() {
        Random r = new Random(1);
        history = new double[WEEKS * 168];
        for (int t = 0; t < history.length; t++) {
            double daily = 0.6 + 0.8 * Math.pow(Math.sin(Math.PI * (t % 24) / 24.0), 2);
            double weekly = (t / 24) % 7 >= 5 ? 0.7 : 1.0;
            history[t] = 1000 * daily * weekly * (1 + 0.05 * r.nextGaussian());
        }
        smoother = new DoubleSeasonalSmoother(0.2, 0.2, 0.2, 0.7);
        int i = smoother.initialise(history, 0, Math.sqrt(1000));
        for (; i < history.length; i++) {
            smoother.update(history[i]);
        }
        out = new double[HourlyForecaster.HORIZON];
        segment = new SegmentForecaster(0.975);
        for (int t = 0; t < history.length; t++) {
            segment.observe(t, history[t]);
        }
        segment.refit();
        segmentHour = history.length;
        for (String calendar : HolidayCalendars.NAMES) {
            holidays.addAll(HolidayCalendars.holidays(calendar, 2024, 2027, ZoneOffset.UTC));
        }
    }

    @Benchmark
    public double hourlyUpdate() {
        next = (next + 1) % history.length;
        smoother.update(history[next]);
        return smoother.nextForecast();
    }

    /** What keyed state does each hour: ring write, coverage check against last hour's bound, model update. */
    @Benchmark
    public boolean segmentObserveHour() {
        return segment.observe(segmentHour, history[(int) (segmentHour++ % history.length)]);
    }

    @Benchmark
    public double[] forecast168() {
        smoother.forecast(out, HourlyForecaster.HORIZON);
        return out;
    }

    @Benchmark
    public Forecast fitAndForecastEightWeeks() {
        return forecaster.fitAndForecast(history, 0);
    }

    /**
     * The same with the job's holiday calendars as it passes them (US and UK, two years back to one ahead: 76 days),
     * starting 2026-09-01: before a fit kept only the events that reach its hours, each hour asked all 76.
     */
    @Benchmark
    public Forecast fitAndForecastEightWeeksWithHolidayCalendars() {
        return forecaster.fit(history, CALENDAR_FIRST_HOUR, holidays).forecast();
    }

    @Benchmark
    public double[] baselineSeasonalNaive168() {
        for (int h = 0; h < out.length; h++) {
            out[h] = history[history.length - 168 + h];
        }
        return out;
    }
}
