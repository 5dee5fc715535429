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
        SpanTotal day = SpanTotal.of(POINT, UPPER, TotalBound.of(new double[] {2, 2, 2, 2, 2, 2, 2}), 24, 24);
        assertThat(day.expected()).isCloseTo(96, within(1e-9));
        assertThat(day.upper()).isCloseTo(Math.pow(Math.sqrt(96) + 2, 2), within(1e-9));
        assertThat(day.peakUpper()).isEqualTo(7);
    }

    @Test
    void daysAddUpAndHoursPastTheForecastAreTakenAtItsMean() {
        TotalBound totals = TotalBound.of(new double[] {1, 1, 1, 1, 1, 1, 3});
        // Days 7 and 8 from the forecast's start: day 7 is the last the forecast reaches, day 8 lies past it.
        SpanTotal twoDays = SpanTotal.of(POINT, UPPER, totals, 144, 48);
        assertThat(twoDays.expected()).isCloseTo(192, within(1e-9));
        assertThat(twoDays.upper()).isCloseTo(2 * Math.pow(Math.sqrt(96) + 3, 2), within(1e-9));
    }

    @Test
    void partOfADayOrNoDayBoundsAddsHourlyMarginsAsIndependentErrors() {
        SpanTotal sixHours = SpanTotal.of(POINT, UPPER, TotalBound.of(new double[] {50}), 0, 6);
        assertThat(sixHours.upper()).isCloseTo(24 + Math.sqrt(6 * 9), within(1e-9));
        SpanTotal day = SpanTotal.of(POINT, UPPER, null, 0, 24);
        assertThat(day.upper()).isCloseTo(96 + Math.sqrt(24 * 9), within(1e-9));
        assertThat(SpanTotal.of(POINT, UPPER, null, 168, 24)).isEqualTo(new SpanTotal(0, 0, 0));
    }
}
