package io.microscaler.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.microscaler.config.MicroscalerConfig;
import io.microscaler.service.Microscaler;
import io.microscaler.testing.Events;
import io.microscaler.testing.HttpJson;
import io.microscaler.testing.KafkaBrokerExtension;
import io.microscaler.testing.KafkaTestBroker;
import io.microscaler.testing.MutableClock;
import io.microscaler.testing.StartedMicroscaler;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The offsets read are committed about once a second rather than after every poll's batch: a group
 * that has read everything has its offset at the partition's end within seconds, while it runs,
 * and still after it stops.
 */
@ExtendWith(KafkaBrokerExtension.class)
class OffsetCommitsIT {

    private static final int RECORDS = 1_000;

    @RegisterExtension
    final StartedMicroscaler started = new StartedMicroscaler();

    @Test
    void theGroupsOffsetReachesThePartitionsEndWhileRunningAndAfterTheStop(KafkaTestBroker broker) throws Exception {
        String prefix = broker.uniqueName("commits");
        String requests = prefix + ".requests";
        broker.createTopic(requests, 1); // one partition: records keyed elsewhere would be rerouted into the topic
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        try (KafkaProducer<byte[], byte[]> producer = broker.producer()) {
            for (int i = 0; i < RECORDS; i++) {
                long ts = now.toEpochMilli() - 20_000 + i * 10L;
                producer.send(new ProducerRecord<>(requests, null, ts, Events.key("tiles"), Events.request("tiles", ts, 25, 200)));
            }
            producer.flush();
        }
        MicroscalerConfig config = started.config(broker, prefix, 1, """
                services:
                  tiles: {}
                """);
        Microscaler microscaler = started.start(config, new MutableClock(now));
        HttpJson http = new HttpJson(microscaler.httpPort());
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            var s = http.service("tiles");
            return s != null && s.path("recordedEvents").asLong() == RECORDS;
        });

        Map<TopicPartition, Long> ends = Map.of(new TopicPartition(requests, 0), (long) RECORDS);
        String group = config.kafka().groupId();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(committed(broker, group, requests)).as("committed while running").isEqualTo(ends));

        microscaler.close();
        assertThat(committed(broker, group, requests)).as("after the stop").isEqualTo(ends);
    }

    private static Map<TopicPartition, Long> committed(KafkaTestBroker broker, String group, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            Map<TopicPartition, OffsetAndMetadata> offsets =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            return offsets.entrySet().stream()
                    .filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                    .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        }
    }
}
