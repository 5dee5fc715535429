package io.tablecast.connectors.cql;

import io.tablecast.connectors.cql.internal.CqlIdentifiers;
import io.tablecast.connectors.cql.internal.SchemaStatements;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TableNamesTest {
    private static final long DAY = Instant.parse("2026-11-25T00:00:00Z").toEpochMilli();

    @Test
    void readableSegmentsStayReadable() {
        assertThat(TableNames.windowTable("retail", DAY, 3)).isEqualTo("tx_202611250000_sretail_03");
    }

    @Test
    void otherSegmentsAreHashedAndNeverCollideWithReadableOnes() {
        String hashed = TableNames.windowTable("High-Value", DAY, 0);
        // Golden: the first 16 hex digits of SHA-256("High-Value") as sha256sum prints them. A changed scheme would
        // rename every table, stranding the catalog's rows: it must fail here first.
        assertThat(hashed).isEqualTo("tx_202611250000_h5236425b3f2f1112_00");
        assertThat(hashed).isNotEqualTo(TableNames.windowTable("high-value", DAY, 0));
        assertThat(TableNames.windowTable("High-Value", DAY, 0)).isEqualTo(hashed);
        assertThat(TableNames.encodeSegment("h0123456789abcdef")).isEqualTo("sh0123456789abcdef");
    }

    @Test
    void everyNameIsAValidIdentifierOfAtMost48Characters() {
        String longest = TableNames.windowTable("x".repeat(64), Instant.parse("9999-12-31T23:59:00Z").toEpochMilli(),
                999);
        assertThat(CqlIdentifiers.isValid(longest)).isTrue();
        assertThat(longest.length()).isLessThanOrEqualTo(48);
        assertThat(TableNames.windowTable("a".repeat(20), DAY, 999).length()).isLessThanOrEqualTo(48);
    }

    @Test
    void packedAndSharedTablesHaveTheirOwnNames() {
        assertThat(TableNames.packedTable(DAY, 7)).isEqualTo("tx_202611250000_p007");
        assertThat(TableNames.sharedTable(DAY)).isEqualTo("tx_202611250000_shared");
        // A segment called "shared" or "p007" gets a name of another shape: its own part and a shard suffix.
        assertThat(TableNames.windowTable("shared", DAY, 0)).isEqualTo("tx_202611250000_sshared_00");
        assertThat(TableNames.windowTable("p007", DAY, 0)).isEqualTo("tx_202611250000_sp007_00");
        assertThatThrownBy(() -> TableNames.packedTable(DAY, 1000)).hasMessageContaining("pack 1000");
    }

    @Test
    void refusesBadSegmentsAndShards() {
        assertThatThrownBy(() -> TableNames.windowTable("x; DROP TABLE y", DAY, 0))
                .hasMessageContaining("not a valid segment id");
        assertThatThrownBy(() -> TableNames.windowTable("retail", DAY, 1000)).hasMessageContaining("shard 1000");
        assertThatThrownBy(() -> TableNames.windowTable("retail", DAY, -1)).hasMessageContaining("shard -1");
    }

    @Test
    void noNameReachesCqlWithoutValidation() {
        assertThatThrownBy(() -> SchemaStatements.createWindowTable("txn", "t; DROP KEYSPACE txn", Duration.ofDays(1)))
                .hasMessageContaining("not a valid CQL identifier");
        assertThatThrownBy(() -> SchemaStatements.createKeyspace("Txn", Replication.simple(1)))
                .hasMessageContaining("keyspace 'Txn'");
    }
}
