package io.tablecast.connectors.cql;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReplicationTest {
    @Test
    void parsesBothStrategies() {
        assertThat(Replication.parse("SimpleStrategy:3").toCql())
                .isEqualTo("{'class': 'SimpleStrategy', 'replication_factor': 3}");
        assertThat(Replication.parse("NetworkTopologyStrategy:dc1=3, dc-2=2").toCql())
                .isEqualTo("{'class': 'NetworkTopologyStrategy', 'dc1': 3, 'dc-2': 2}");
    }

    @Test
    void refusesWhatCouldNotBeSafelyWritten() {
        assertThatThrownBy(() -> Replication.parse("SimpleStrategy")).hasMessageContaining("must be");
        assertThatThrownBy(() -> Replication.parse("LocalStrategy:1")).hasMessageContaining("strategy must be");
        assertThatThrownBy(() -> Replication.parse("SimpleStrategy:0")).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> Replication.parse("NetworkTopologyStrategy:dc'}=1"))
                .hasMessageContaining("is not <datacenter>=<factor>");
    }
}
