package io.tablecast.connectors.cql.internal;

import io.tablecast.connectors.cql.CqlDialect;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SchemaStatementsTest {
    @Test
    void aScyllaTablePlannedForRowsCarriesItsExpectedSizeAsATabletHint() {
        // 20 M rows × 160 bytes = 2.98 GiB: three whole gigabytes, the unit the option takes.
        assertThat(SchemaStatements.createWindowTable("txn", "tx_202611260000_retail_00", Duration.ofDays(1),
                CqlDialect.SCYLLA, 20_000_000)).isEqualTo("CREATE TABLE IF NOT EXISTS txn.tx_202611260000_retail_00"
                + " (segment_id text, user_id text, ts timestamp, txn_id text, amount decimal, currency text,"
                + " type text, merchant text, PRIMARY KEY ((segment_id, user_id), ts, txn_id))"
                + " WITH CLUSTERING ORDER BY (ts ASC, txn_id ASC) AND compaction = {'class':"
                + " 'TimeWindowCompactionStrategy', 'compaction_window_unit': 'DAYS', 'compaction_window_size': 1}"
                + " AND tablets = {'expected_data_size_in_gb': 3}");
    }

    @Test
    void theHintIsWholeGigabytesAtLeastOne() {
        assertThat(SchemaStatements.expectedGigabytes(1)).isEqualTo(1);
        assertThat(SchemaStatements.expectedGigabytes((1L << 30) / SchemaStatements.ESTIMATED_ROW_BYTES)).isEqualTo(1);
        assertThat(SchemaStatements.expectedGigabytes((1L << 30) / SchemaStatements.ESTIMATED_ROW_BYTES + 1))
                .isEqualTo(2);
        assertThat(SchemaStatements.expectedGigabytes(Long.MAX_VALUE)).isPositive();
    }

    @Test
    void cassandraTablesAndSharedTablesGetNoTabletOption() {
        assertThat(SchemaStatements.createWindowTable("txn", "t", Duration.ofHours(6), CqlDialect.CASSANDRA, 1_000_000))
                .doesNotContain("tablets").endsWith("'compaction_window_unit': 'HOURS', 'compaction_window_size': 6}");
        assertThat(SchemaStatements.createWindowTable("txn", "t", Duration.ofMinutes(90), CqlDialect.SCYLLA, 0))
                .doesNotContain("tablets").endsWith("'compaction_window_unit': 'MINUTES', 'compaction_window_size': 90}");
    }

    @Test
    void aKeyspaceToDropIsAValidatedIdentifier() {
        assertThat(SchemaStatements.dropKeyspace("it_run1")).isEqualTo("DROP KEYSPACE IF EXISTS it_run1");
        assertThatThrownBy(() -> SchemaStatements.dropKeyspace("txn; DROP KEYSPACE system_auth"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void dialectsParseByNameAndRefuseOthers() {
        assertThat(CqlDialect.parse(" Scylla ")).isEqualTo(CqlDialect.SCYLLA);
        assertThat(CqlDialect.parse("cassandra")).isEqualTo(CqlDialect.CASSANDRA);
        assertThatThrownBy(() -> CqlDialect.parse("dynamo")).hasMessageContaining("cassandra or scylla");
    }
}
