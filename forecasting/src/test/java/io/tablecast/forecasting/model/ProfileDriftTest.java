package io.tablecast.forecasting.model;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ProfileDriftTest {
    private static final long FIRST_HOUR = 483_000; // a multiple of 24: history index 0 is clock hour 0

    /** Per clock hour k: intercept 2·sin(k), slope (k − 11.5)/10 per day; both average 0 over the day. */
    private static double intercept(int k) {
        return 2 * Math.sin(2 * Math.PI * k / 24);
    }

    private static double slope(int k) {
        return (k - 11.5) / 10;
    }

    @Test
    void recoversEachClockHoursBiasAndGrowthButNotTheLevelsShareOfTheErrors() {
        Random random = new Random(3);
        List<Integer> origins = new ArrayList<>();
        double[][] errors = new double[30][168];
        for (int i = 0; i < errors.length; i++) {
            int origin = 400 + 24 * i + 5; // origins at 05:00
            origins.add(origin);
            // A level error shared by every hour of a forecast, growing with the horizon: the level's, not the shape's.
            double levelError = random.nextGaussian();
            for (int h = 0; h < 168; h++) {
                int k = (origin + h) % 24;
                errors[i][h] = levelError * (1 + h / 24.0) + intercept(k) + slope(k) * h / 24.0;
            }
        }

        ProfileDrift drift = ProfileDrift.fromErrors(errors, FIRST_HOUR, origins, 0, errors.length);

        double meanLevelSlope = 0;
        for (int k = 0; k < 24; k++) {
            // The level's growth (the mean of 1 + d over origins) is common to all hours and centred away; what is
            // left is each hour's own term.
            assertThat(drift.intercepts()[k] - drift.intercepts()[0]).isCloseTo(intercept(k) - intercept(0),
                    within(1e-9));
            meanLevelSlope += drift.slopesPerDay()[k];
        }
        assertThat(drift.slopesPerDay()[23] - drift.slopesPerDay()[0]).isCloseTo(2.3, within(1e-9));
        assertThat(meanLevelSlope).isCloseTo(0, within(1e-9));
        // Three days ahead of 20:00: intercept + 3 × slope.
        assertThat(drift.at(FIRST_HOUR + 20, 72)).isCloseTo(drift.intercepts()[20] + 3 * drift.slopesPerDay()[20],
                within(1e-12));
    }

    @Test
    void learnsOnlyFromTheOriginsItIsGiven() {
        List<Integer> origins = List.of(0, 24, 48);
        double[][] errors = new double[3][48];
        for (int h = 0; h < 48; h++) {
            errors[2][h] = h % 24 == 20 ? 5 : 0; // only the last origin saw 20:00 run high
        }
        errors[1][20] = Double.NaN; // unknown hours are skipped, not taken for errors of 0
        errors[1][44] = Double.NaN;
        assertThat(ProfileDrift.fromErrors(errors, FIRST_HOUR, origins, 0, 2).at(FIRST_HOUR + 20, 0)).isZero();
        assertThat(ProfileDrift.fromErrors(errors, FIRST_HOUR, origins, 0, 3).at(FIRST_HOUR + 20, 0))
                .as("the mean of 0, 0, 5, 5, less its share of the day's mean").isCloseTo(2.5 * 23 / 24, within(1e-12));
    }

    @Test
    void storedFormIsNoneOrTwentyFourOfEach() {
        assertThat(ProfileDrift.of(new double[0], new double[0])).isSameAs(ProfileDrift.NONE);
        assertThat(ProfileDrift.NONE.at(FIRST_HOUR + 7, 100)).isZero();
        double[] day = new double[24];
        day[7] = 1.5;
        ProfileDrift drift = ProfileDrift.of(day, day);
        assertThat(drift.at(FIRST_HOUR + 7 + 24 * 9, 48)).isEqualTo(1.5 + 2 * 1.5);
        assertThatThrownBy(() -> ProfileDrift.of(new double[24], new double[23]))
                .hasMessageContaining("0 or 24 terms of each kind, not 24 and 23");
    }
}
