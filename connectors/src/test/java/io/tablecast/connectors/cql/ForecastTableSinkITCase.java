package io.tablecast.connectors.cql;

import com.datastax.driver.core.Row;
import io.tablecast.connectors.model.SegmentForecast;
import io.tablecast.connectors.testing.TestKeyspace;
import io.tablecast.connectors.testing.SinkDriver;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The forecast sink on the real Cassandra server: every hour of a forecast is a row, written once however often. */
class ForecastTableSinkITCase {
    private static final long HOUR = 493_000;

    private TestKeyspace keyspace;

    @BeforeEach
    void setUp() {
        keyspace = TestKeyspace.create("fc");
    }

    @AfterEach
    void tearDown() {
        keyspace.close();
    }

    @Test
    void writesEveryHourOfAForecastOnceEvenWhenSentTwice() throws Exception {
        double[] point = new double[168];
        double[] upper = new double[168];
        for (int h = 0; h < 168; h++) {
            point[h] = 100 + h;
            upper[h] = 150 + h;
        }
        SegmentForecast forecast = new SegmentForecast("High-Value", HOUR, HOUR * 3_600_000L + 60_000, HOUR, point, upper, null,
                "smoother", null);
        ForecastTableSink sink = new ForecastTableSink(keyspace.settings);
        SinkDriver driver = new SinkDriver(sink);
        sink.open(new Configuration());
        try {
            sink.invoke(forecast, null);
            sink.invoke(forecast, null);  // replayed after a restart
            sink.snapshotState(null);
            assertThat(driver.counter("forecastsWritten")).isEqualTo(2);
        } finally {
            sink.close();
        }
        List<Row> rows = keyspace.session.execute("SELECT target_hour, point, upper, model, issued_hour FROM "
                + keyspace.name + ".forecasts WHERE segment_id = ?", "High-Value").all();
        assertThat(rows).hasSize(168);
        assertThat(rows.get(0).getTimestamp("target_hour").toInstant())
                .isEqualTo(Instant.ofEpochMilli(HOUR * 3_600_000L));
        assertThat(rows.get(0).getTimestamp("issued_hour").toInstant())
                .isEqualTo(Instant.ofEpochMilli(HOUR * 3_600_000L));
        assertThat(rows.get(167).getDouble("point")).isEqualTo(267.0);
        assertThat(rows.get(167).getDouble("upper")).isEqualTo(317.0);
        assertThat(rows.get(5).getString("model")).isEqualTo("smoother");
    }
}
