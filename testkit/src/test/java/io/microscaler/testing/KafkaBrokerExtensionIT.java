package io.microscaler.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The helpers tests rely on, against the shared broker. */
@ExtendWith(KafkaBrokerExtension.class)
class KafkaBrokerExtensionIT {

    @Test
    void producesAndConsumesBackWithKeysAndHeaders(KafkaTestBroker broker) throws Exception {
        String topic = broker.uniqueName("helpers");
        broker.createTopic(topic, 3);
        try (KafkaProducer<byte[], byte[]> producer = broker.producer()) {
            for (int i = 0; i < 30; i++) {
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, bytes("k" + i), bytes("v" + i));
                record.headers().add("n", bytes(Integer.toString(i)));
                producer.send(record).get();
            }
        }

        List<ConsumerRecord<byte[], byte[]>> read = broker.consumeAll(topic, 30, Duration.ofSeconds(20));

        assertThat(read).hasSize(30);
        assertThat(read).extracting(r -> text(r.headers().lastHeader("n").value()))
                .containsExactlyInAnyOrderElementsOf(java.util.stream.IntStream.range(0, 30).mapToObj(Integer::toString).toList());
        assertThat(read).allSatisfy(r -> assertThat(text(r.value())).isEqualTo("v" + text(r.key()).substring(1)));
    }

    @Test
    void consumeAllWaitsForATopicThatDoesNotExistYetAndReturnsWhatCameByTheTimeout(KafkaTestBroker broker)
            throws Exception {
        String topic = broker.uniqueName("later");
        // The topic appears half a second after consumeAll starts waiting for it.
        CompletableFuture<Void> later = CompletableFuture.runAsync(() -> {
            broker.createTopic(topic, 2);
            try (KafkaProducer<byte[], byte[]> producer = broker.producer()) {
                producer.send(new ProducerRecord<>(topic, bytes("only"))).get();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }, CompletableFuture.delayedExecutor(500, TimeUnit.MILLISECONDS));

        List<ConsumerRecord<byte[], byte[]>> read = broker.consumeAll(topic, 2, Duration.ofSeconds(4));

        later.get(10, TimeUnit.SECONDS);
        assertThat(read).hasSize(1);
        assertThat(text(read.get(0).value())).isEqualTo("only");
    }

    @Test
    void namesAreUnique(KafkaTestBroker broker) {
        assertThat(broker.uniqueName("t")).isNotEqualTo(broker.uniqueName("t")).startsWith("t-");
    }

    @Nested
    class InAnotherClass {
        @Test
        void theBrokerIsShared(KafkaTestBroker broker, KafkaTestBroker again) {
            assertThat(broker).isSameAs(again);
            assertThat(broker.bootstrapServers()).isNotBlank();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

}
