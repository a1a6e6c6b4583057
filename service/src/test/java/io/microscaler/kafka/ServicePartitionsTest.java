package io.microscaler.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ServicePartitionsTest {

    @ParameterizedTest
    @CsvSource({"iiif,6", "iiif,1", "worker,6", "thumbnails,12", "é-ü,3", "a,6", "b,6", "api-gateway,7"})
    void theHomeIsWhereKafkasDefaultPartitionerPutsARecordKeyedByTheService(String service, int partitions) {
        int kafkas = BuiltInPartitioner.partitionForKey(service.getBytes(StandardCharsets.UTF_8), partitions);

        assertThat(ServicePartitions.home(service, partitions)).isEqualTo(kafkas).isBetween(0, partitions - 1);
    }

    @Test
    void aTopicHasAtLeastOnePartition() {
        assertThatThrownBy(() -> ServicePartitions.home("iiif", 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("partitions must be >= 1, but was 0");
    }
}
