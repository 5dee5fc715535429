package io.tablecast.forecasting;

import io.tablecast.forecasting.model.TotalBound;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class SpanTotalTest {
    private static final double[] POINT = filled(168, 4);
    private static final double[] UPPER = filled(168, 7);

    private static double[] filled(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }

    @Test
    void aDayIsBoundedByTheDayTotalBound() {
        SpanTotal day = SpanTotal.of(POINT, UPPER, TotalBound.of(new double[] {2, 2, 2, 2, 2, 2, 2}), null, 24, 24);
        assertThat(day.expected()).isCloseTo(96, within(1e-9));
        assertThat(day.upper()).isCloseTo(Math.pow(Math.sqrt(96) + 2, 2), within(1e-9));
        assertThat(day.peakUpper()).isEqualTo(7);
    }

    @Test
    void aDayAnEventFallsInIsBoundedAsAnEventDay() {
        TotalBound totals = TotalBound.of(new double[] {1, 1, 1, 1, 1, 1, 1}, new double[] {5, 5, 5, 5, 5, 5, 5},
                new double[7]);
        boolean[] events = new boolean[168];
        events[30] = true;  // one hour of the second day
        SpanTotal twoDays = SpanTotal.of(POINT, UPPER, totals, events, 0, 48);
        assertThat(twoDays.upper()).isCloseTo(Math.pow(Math.sqrt(96) + 1, 2) + Math.pow(Math.sqrt(96) + 5, 2),
                within(1e-9));
        // A day is an event day when the event falls anywhere in it, wherever the day starts.
        assertThat(SpanTotal.of(POINT, UPPER, totals, events, 7, 24).upper())
                .as("[7, 31) holds hour 30").isCloseTo(Math.pow(Math.sqrt(96) + 5, 2), within(1e-9));
        assertThat(SpanTotal.of(POINT, UPPER, totals, events, 31, 24).upper())
                .as("[31, 55) does not").isCloseTo(Math.pow(Math.sqrt(96) + 1, 2), within(1e-9));
    }

    @Test
    void aDaysExpectedTotalIsCorrectedForThePointsBias() {
        TotalBound totals = TotalBound.of(new double[] {3, 3, 3, 3, 3, 3, 3}, new double[] {3, 3, 3, 3, 3, 3, 3},
                new double[] {1, 1, 1, 1, 1, 1, 1});
        SpanTotal day = SpanTotal.of(POINT, UPPER, totals, null, 24, 24);
        assertThat(day.expected()).isCloseTo(Math.pow(Math.sqrt(96) + 1, 2), within(1e-9));
        assertThat(day.upper()).isCloseTo(Math.pow(Math.sqrt(96) + 3, 2), within(1e-9));
    }

    @Test
    void daysAddUpAndHoursPastTheForecastAreTakenAtItsMean() {
        TotalBound totals = TotalBound.of(new double[] {1, 1, 1, 1, 1, 1, 3});
        // Days 7 and 8 from the forecast's start: day 7 is the last the forecast reaches, day 8 lies past it.
        SpanTotal twoDays = SpanTotal.of(POINT, UPPER, totals, null, 144, 48);
        assertThat(twoDays.expected()).isCloseTo(192, within(1e-9));
        assertThat(twoDays.upper()).isCloseTo(2 * Math.pow(Math.sqrt(96) + 3, 2), within(1e-9));
    }

    @Test
    void partOfADayTakesTheLargerOfItsHourlyMarginsAndItsDaysRelativeBound() {
        double rootSumSquare = 24 + Math.sqrt(6 * 9);
        // A day bound 1.45× the day's total: six hours at that ratio (34.8) are above their margins' 31.3.
        SpanTotal wide = SpanTotal.of(POINT, UPPER, TotalBound.of(new double[] {2}), null, 0, 6);
        assertThat(wide.expected()).isCloseTo(24, within(1e-9));
        assertThat(wide.upper()).isCloseTo(24 * Math.pow(Math.sqrt(96) + 2, 2) / 96, within(1e-9));
        // A day bound 1.02×: the hours' own noise is the larger.
        SpanTotal narrow = SpanTotal.of(POINT, UPPER, TotalBound.of(new double[] {0.1}), null, 0, 6);
        assertThat(narrow.upper()).isCloseTo(rootSumSquare, within(1e-9));
        // The day's bias on totals carries over to its hours; an event in the span bounds it as an event day's.
        TotalBound biased = TotalBound.of(new double[] {2}, new double[] {6}, new double[] {1});
        double dayExpected = Math.pow(Math.sqrt(96) + 1, 2);
        SpanTotal corrected = SpanTotal.of(POINT, UPPER, biased, null, 0, 6);
        assertThat(corrected.expected()).isCloseTo(24 * dayExpected / 96, within(1e-9));
        assertThat(corrected.upper()).isCloseTo(24 * Math.pow(Math.sqrt(96) + 2, 2) / 96, within(1e-9));
        boolean[] events = new boolean[168];
        events[3] = true;
        assertThat(SpanTotal.of(POINT, UPPER, biased, events, 0, 6).upper())
                .isCloseTo(24 * Math.pow(Math.sqrt(96) + 6, 2) / 96, within(1e-9));
        assertThat(SpanTotal.of(POINT, UPPER, biased, events, 6, 6).upper()).as("the event is not in [6, 12)")
                .isCloseTo(24 * Math.pow(Math.sqrt(96) + 2, 2) / 96, within(1e-9));
    }

    @Test
    void withoutDayBoundsHourlyMarginsAddAsIndependentErrors() {
        assertThat(SpanTotal.of(POINT, UPPER, null, null, 0, 6).upper()).isCloseTo(24 + Math.sqrt(6 * 9),
                within(1e-9));
        SpanTotal day = SpanTotal.of(POINT, UPPER, null, null, 0, 24);
        assertThat(day.upper()).isCloseTo(96 + Math.sqrt(24 * 9), within(1e-9));
        assertThat(SpanTotal.of(POINT, UPPER, null, null, 168, 24)).isEqualTo(new SpanTotal(0, 0, 0));
    }
}
