package io.microscaler.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PartitionKeysTest {

    @Test
    void namesPartitionsAndReturnsTheSameInstanceEachTime() {
        PartitionKeys keys = new PartitionKeys();
        assertThat(keys.of("requests", 3)).isEqualTo("requests-3");
        assertThat(keys.of("requests", 3)).isSameAs(keys.of("requests", 3));
        assertThat(keys.of("requests", 0)).isEqualTo("requests-0");
        assertThat(keys.of("demand", 3)).isEqualTo("demand-3");
    }
}
