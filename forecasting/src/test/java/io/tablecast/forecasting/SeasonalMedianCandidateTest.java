package io.tablecast.forecasting;

import io.tablecast.forecasting.model.ConformalBound;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class SeasonalMedianCandidateTest {
    private static final long START = 482_000;

    @Test
    void noPoissonCountKeepsATimetableAndADeparturesBoardDoes() {
        for (double mean : new double[] {0.1, 0.3, 0.9, 3, 30, 3000}) {
            Random r = new Random(7);
            double[] y = new double[8 * 168];
            for (int t = 0; t < y.length; t++) {
                y[t] = Draws.poisson(r, mean * (0.2 + Math.sin(Math.PI * (t % 24) / 24.0)));
            }
            assertThat(SeasonalMedianCandidate.keepsATimetable(y)).as("Poisson around %s an hour", mean).isFalse();
        }
        assertThat(SeasonalMedianCandidate.keepsATimetable(Timetable.departures(8 * 168, 1))).isTrue();
        assertThat(SeasonalMedianCandidate.keepsATimetable(new double[8 * 168])).as("no traffic").isFalse();
    }

    @Test
    void aWeeksDelayIsOutvotedWhereTheSeasonalNaiveRepeatsIt() {
        double[] history = Timetable.departures(8 * 168, 3);
        int scheduled = 8 * 168 - 168 + 13;      // last week, 13:00
        history[scheduled] = 0;                  // late: it left at 14:00
        history[scheduled + 1] = 1;
        List<Integer> origins = List.of(history.length);
        SeasonalMedianCandidate median = new SeasonalMedianCandidate(List.of());
        median.fit(history, START, origins);
        SeasonalNaiveCandidate naive = new SeasonalNaiveCandidate(168);
        naive.fit(history, START, origins);
        double[] f = median.toModel(ConformalBound.of(new double[] {0}), null, START + history.length)
                .forecast().point;
        assertThat(f[13]).isEqualTo(1);
        assertThat(f[14]).isEqualTo(0);
        assertThat(naive.forecastFrom(history.length)[13]).isEqualTo(0);
    }

    @Test
    void pastEventsAndMissingHoursAreLeftOutOfTheMedian() {
        double[] history = Timetable.departures(8 * 168, 4);
        int hour = 8 * 168 - 168 + 6;            // last week, 06:00
        history[hour - 168] = Double.NaN;        // unknown two weeks ago
        history[hour] = 0;                       // and a holiday last week
        ExternalEvent holiday = new ExternalEvent("holiday", ExternalEvent.Kind.HOLIDAY, START + hour - 6,
                START + hour + 18, null, null);
        SeasonalMedianCandidate median = new SeasonalMedianCandidate(List.of(holiday));
        median.fit(history, START, List.of(history.length));
        assertThat(median.forecastFrom(history.length)[6]).as("three weeks ago alone")
                .isEqualTo(history[hour - 2 * 168]);
    }

    @Test
    void liveItForecastsAsAFitOnTheLongerHistoryWouldAndSurvivesASnapshot() throws Exception {
        double[] y = Timetable.departures(8 * 168 + 50, 5);
        double[] history = Arrays.copyOf(y, 8 * 168);
        SeasonalMedianCandidate median = new SeasonalMedianCandidate(List.of());
        median.fit(history, START, List.of(history.length));
        FittedModel live = median.toModel(ConformalBound.of(new double[] {0.5}), null, START + history.length);
        for (int t = history.length; t < y.length; t++) {
            live.update(y[t]);
        }
        SeasonalMedianCandidate refitted = new SeasonalMedianCandidate(List.of());
        refitted.fit(y, START, List.of(y.length));
        assertThat(live.forecast().point).isEqualTo(refitted.forecastFrom(y.length));
        assertThat(live.isFullModel()).isTrue();

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        FittedModelCodec.write(live, new DataOutputStream(bytes));
        FittedModel back = FittedModelCodec.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())),
                SegmentForecaster.VERSION);
        assertThat(back.name()).isEqualTo("seasonal-median-3w");
        assertThat(back.forecast().upper).isEqualTo(live.forecast().upper);
    }

    @Test
    void theMedianOfUpToThreeValues() {
        assertThat(LiveSeasonalMedian.median(new double[] {3, 1, 2}, 3)).isEqualTo(2);
        assertThat(LiveSeasonalMedian.median(new double[] {1, 1, 7}, 3)).isEqualTo(1);
        assertThat(LiveSeasonalMedian.median(new double[] {4, 1, 9}, 2)).isEqualTo(2.5);
        assertThat(LiveSeasonalMedian.median(new double[] {4, 1, 9}, 1)).isEqualTo(4);
    }
}
