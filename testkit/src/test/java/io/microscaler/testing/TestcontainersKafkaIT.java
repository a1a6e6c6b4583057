package io.microscaler.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The Testcontainers route to a broker works where there is a Docker engine: the same helpers
 * against the official image. Skipped (not failed) on machines without one.
 */
@Testcontainers(disabledWithoutDocker = true)
class TestcontainersKafkaIT {

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer(
            System.getProperty(KafkaBrokerExtension.IMAGE_PROPERTY, KafkaBrokerExtension.IMAGE_DEFAULT));

    @Test
    void roundTripThroughAKafkaContainer() throws Exception {
        KafkaTestBroker broker = new KafkaTestBroker(KAFKA.getBootstrapServers(), "container");
        String topic = broker.uniqueName("container-round-trip");
        broker.createTopic(topic, 3);
        try (KafkaProducer<byte[], byte[]> producer = broker.producer()) {
            for (int i = 0; i < 20; i++) {
                producer.send(new ProducerRecord<>(topic, bytes("k" + i), bytes("v" + i))).get();
            }
        }

        List<ConsumerRecord<byte[], byte[]>> read = broker.consumeAll(topic, 20, Duration.ofSeconds(30));

        assertThat(read).hasSize(20);
        assertThat(read).extracting(r -> new String(r.value(), StandardCharsets.UTF_8)).contains("v0", "v19");
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
