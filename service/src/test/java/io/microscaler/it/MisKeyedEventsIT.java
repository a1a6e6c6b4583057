package io.microscaler.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.microscaler.config.MicroscalerConfig;
import io.microscaler.kafka.ServicePartitions;
import io.microscaler.service.Microscaler;
import io.microscaler.testing.Events;
import io.microscaler.testing.HttpJson;
import io.microscaler.testing.KafkaBrokerExtension;
import io.microscaler.testing.KafkaTestBroker;
import io.microscaler.testing.StartedMicroscaler;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A producer that keys by anything but the service id spreads one service over every partition.
 * With two ingest verticles each used to own the service with half its load, each deciding on its
 * half. Now the record is sent on to the service's home partition, and one owner sees it all.
 */
@ExtendWith(KafkaBrokerExtension.class)
class MisKeyedEventsIT {

    @RegisterExtension
    final StartedMicroscaler started = new StartedMicroscaler();

    @Test
    void eventsOnTheWrongPartitionReachTheServicesOneOwnerWithNothingLost(KafkaTestBroker broker) throws Exception {
        String prefix = broker.uniqueName("miskeyed");
        MicroscalerConfig config = started.config(broker, prefix, 2, """
                tick: 100ms
                services:
                  iiif: {}
                """);
        Microscaler microscaler = started.start(config, Clock.systemUTC());
        HttpJson http = new HttpJson(microscaler.httpPort());
        String requests = prefix + ".requests";
        int partitions = config.kafka().partitions();
        int home = ServicePartitions.home("iiif", partitions);

        int sent = 0;
        int offHome = 0;
        try (KafkaProducer<byte[], byte[]> producer = broker.producer()) {
            for (int i = 0; i < 40; i++) {
                int partition = i % partitions; // random keys, and every partition, the home one too
                byte[] key = UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8);
                producer.send(new ProducerRecord<>(requests, partition, key,
                        Events.request("iiif", System.currentTimeMillis(), 30, 200))).get();
                sent++;
                offHome += partition == home ? 0 : 1;
            }
        }
        int expectedOffHome = offHome;

        int total = sent;
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonNode s = http.service("iiif");
            return s != null && s.path("recordedEvents").asLong() == total;
        });
        assertThat(http.metric("microscaler_ingest_records_total", "outcome=\"rerouted\"")).isEqualTo(expectedOffHome);
        assertThat(http.metric("microscaler_ingest_records_total", "outcome=\"recorded\"")).isEqualTo(total);

        List<ConsumerRecord<byte[], byte[]>> atHome = broker.consumeMatching(requests,
                r -> r.partition() == home && r.headers().lastHeader("microscaler.rerouted.from.topic") != null,
                expectedOffHome, Duration.ofSeconds(30));
        assertThat(atHome).hasSize(expectedOffHome).allSatisfy(r -> {
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo("iiif");
            assertThat(new String(r.headers().lastHeader("microscaler.rerouted.from.partition").value(),
                    StandardCharsets.UTF_8)).isNotEqualTo(Integer.toString(home));
        });
    }
}
