package io.microscaler.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.microscaler.service.Microscaler;
import io.microscaler.bus.Addresses;
import io.microscaler.config.MicroscalerConfig;
import io.microscaler.decision.Decision;
import io.microscaler.decision.Reason;
import io.microscaler.testing.Events;
import io.microscaler.testing.HttpJson;
import io.microscaler.testing.KafkaBrokerExtension;
import io.microscaler.testing.KafkaTestBroker;
import io.microscaler.testing.MutableClock;
import io.microscaler.testing.StartedMicroscaler;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An autoscaler that starts (or takes a partition over) rebuilds its windows from the topic by
 * time: it reads back exactly the stable span, not older history, and decides nothing on a half
 * rebuilt window.
 */
@ExtendWith(KafkaBrokerExtension.class)
class RebuildOnAssignmentIT {

    @RegisterExtension
    final StartedMicroscaler started = new StartedMicroscaler();
    private Microscaler microscaler;

    @Test
    void rebuildsTheStableSpanFromKafkaAndDecidesOnlyOnceRebuilt(KafkaTestBroker broker) throws Exception {
        String prefix = broker.uniqueName("rebuild");
        String requests = prefix + ".requests";
        broker.createTopic(requests, 4);
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        try (KafkaProducer<byte[], byte[]> producer = broker.producer()) {
            // History older than the 60 s stable span: must not be read back.
            send(producer, requests, now.minusSeconds(200), 10, 100);
            // The last 30 s at 300 req/s: 3 tasks at 100 req/s per task.
            send(producer, requests, now.minusSeconds(30), 30, 300);
            producer.flush();
        }

        MicroscalerConfig config = started.config(broker, prefix, 1, """
                tick: 100ms
                serviceDefaults:
                  target: 100
                services:
                  tiles: {}
                """);
        MutableClock clock = new MutableClock(now);
        microscaler = started.start(config, clock);
        List<Decision> onBus = new CopyOnWriteArrayList<>();
        microscaler.vertx().eventBus().<Decision>localConsumer(Addresses.DECISIONS, m -> onBus.add(m.body()));
        HttpJson http = new HttpJson(microscaler.httpPort());

        await().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonNode s = http.service("tiles");
            return s != null && s.path("state").asText().equals("ok") && s.path("recordedEvents").asLong() == 9_000;
        });
        await().atMost(Duration.ofSeconds(60)).until(() -> onBus.stream().anyMatch(Decision::changesCount));

        Decision first = onBus.stream().filter(Decision::changesCount).findFirst().orElseThrow();
        assertThat(first.to()).as("the first change is made on the whole window, not a half rebuilt one").isEqualTo(3);
        assertThat(first.reason()).isEqualTo(Reason.TARGET_TRACKING);
        assertThat(http.service("tiles").path("rps").asDouble()).isEqualTo(300.0);
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, String topic, Instant from, int seconds, int rps) {
        for (int s = 0; s < seconds; s++) {
            for (int i = 0; i < rps; i++) {
                long ts = from.toEpochMilli() + s * 1000L + (i * 1000L) / rps;
                producer.send(new ProducerRecord<>(topic, null, ts, Events.key("tiles"), Events.request("tiles", ts, 25, 200)));
            }
        }
    }
}
