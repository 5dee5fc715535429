package io.tablecast.forecasting;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class HourRingTest {
    @Test
    void countsComeBackWithinTwoTenThousandthsAndZeroAsZero() {
        for (double count : new double[] {0, 1, 3, 17.5, 999, 123_456, 9.9e9}) {
            double back = HourRing.decode(HourRing.encode(count));
            assertThat(back).as("count %s", count).isCloseTo(count, within(Math.max(1e-12, count * 2e-4)));
        }
        assertThat(HourRing.decode(HourRing.encode(Double.NaN))).isNaN();
        assertThat(HourRing.decode(HourRing.encode(-4))).as("no negative volume").isZero();
    }

    @Test
    void tellsCountsFromFractionsThroughTheQuantisation() {
        HourRing counts = new HourRing(8);
        for (double v : new double[] {0, 1, 2, 7, Double.NaN, 2_499, 1e6}) {
            counts.append(v);
        }
        assertThat(HourRing.decode(HourRing.encode(1))).as("quantised").isNotEqualTo(1.0);
        assertThat(counts.holdsWholeNumbers()).isTrue();
        counts.append(2.5);
        assertThat(counts.holdsWholeNumbers()).isFalse();
        HourRing tenths = new HourRing(3);
        tenths.append(0.1);
        assertThat(tenths.holdsWholeNumbers()).isFalse();
    }

    @Test
    void keepsTheLastHoursOldestFirstAndRoundTrips() throws IOException {
        HourRing ring = new HourRing(5);
        for (int i = 1; i <= 7; i++) {
            ring.append(i == 6 ? Double.NaN : i * 10);
        }
        double[] held = ring.values();
        assertThat(held).hasSize(5);
        assertThat(held[0]).isCloseTo(30, within(0.01));
        assertThat(held[3]).isNaN();
        assertThat(held[4]).isCloseTo(70, within(0.02));

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ring.write(new DataOutputStream(bytes));
        HourRing back = HourRing.read(new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())), 5);
        assertThat(back.values()).containsExactly(held);
        back.append(80);
        assertThat(back.values()[0]).isCloseTo(40, within(0.01));
    }
}
