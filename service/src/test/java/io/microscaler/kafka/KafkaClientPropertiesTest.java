package io.microscaler.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.microscaler.config.ConfigLoader;
import io.microscaler.config.KafkaConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaClientPropertiesTest {

    private static KafkaConfig kafka(Map<String, String> properties) {
        KafkaConfig d = ConfigLoader.defaults().kafka();
        return new KafkaConfig("127.0.0.1:9092", d.groupId(), d.topics(), d.partitions(), d.createTopics(), properties);
    }

    @Test
    void aDeadMemberIsEvictedInSecondsNotKafkasDefault45() {
        Map<String, String> p = KafkaClientProperties.consumer(kafka(Map.of()), "127.0.0.1:9092", "ingest-1");

        assertThat(p).containsEntry("session.timeout.ms", "6000").containsEntry("heartbeat.interval.ms", "2000")
                .containsEntry("partition.assignment.strategy", "org.apache.kafka.clients.consumer.CooperativeStickyAssignor")
                .doesNotContainKey("group.instance.id");
        assertThat(Integer.parseInt(p.get("heartbeat.interval.ms")) * 3)
                .isLessThanOrEqualTo(Integer.parseInt(p.get("session.timeout.ms")));
    }

    @Test
    void theUsersOwnTimeoutsWinForABrokerWithAnotherMinimum() {
        Map<String, String> p = KafkaClientProperties.consumer(
                kafka(Map.of("session.timeout.ms", "10000", "heartbeat.interval.ms", "3000")), "127.0.0.1:9092", "ingest-1");

        assertThat(p).containsEntry("session.timeout.ms", "10000").containsEntry("heartbeat.interval.ms", "3000");
    }
}
