package io.microscaler.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import io.microscaler.testing.TestConfigs;
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
 * The whole loop on a real broker: request events for two services at rates that need 5 and 2
 * tasks (target 100 requests/s per task) produce decisions to 5 and 2 on the bus and the audit
 * topic; after the load drops, scale-in waits for the stabilisation window.
 *
 * <p>Time is a manual clock: events carry timestamps, and the test moves the clock only once
 * every event of a step is in the windows, so each step's figures are exact. The stable span
 * (20 s) is longer than a step (10 s), so events produced ahead of the clock never push the
 * ring past what the clock still reads.
 */
@ExtendWith(KafkaBrokerExtension.class)
class ScalingLoopIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration STABILISATION = Duration.ofSeconds(30);

    @RegisterExtension
    final StartedMicroscaler started = new StartedMicroscaler();
    private Microscaler microscaler;

    @Test
    void scalesTwoServicesOutThenInOnlyAfterTheStabilisationWindow(KafkaTestBroker broker) throws Exception {
        String prefix = broker.uniqueName("loop");
        // The test produces up to 11 s of events ahead of its clock, then moves the clock: allow that skew
        MicroscalerConfig config = started.config(broker, prefix,
                TestConfigs.kafkaAndHttp(2).replace("ingest:\n", "ingest:\n  maxFutureSkew: 15s\n") + """
                windows:
                  stableSpan: 20s
                  panicSpan: 2s
                  staleAfter: 60s
                tick: 100ms
                serviceDefaults:
                  metric: rps
                  target: 100
                  minTasks: 1
                  maxTasks: 20
                  initialTasks: 1
                  scaleDownStabilisation: 30s
                services:
                  images: {}
                  api: {}
                """);
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        MutableClock clock = new MutableClock(t0);
        microscaler = started.start(config, clock);
        List<Decision> onBus = new CopyOnWriteArrayList<>();
        microscaler.vertx().eventBus().<Decision>localConsumer(Addresses.DECISIONS, m -> onBus.add(m.body()));
        HttpJson http = new HttpJson(microscaler.httpPort());

        // Seconds 0-9: 500 req/s for images (5 tasks), 200 req/s for api (2 tasks); clock still at t0.
        try (KafkaProducer<byte[], byte[]> producer = broker.producer()) {
            produce(producer, prefix, t0, 0, 10, 500, 200);
            awaitRecorded(http, 5_000, 2_000);
            clock.set(t0.plusSeconds(10));
            Decision images = awaitDecision(onBus, "images", 5);
            Decision api = awaitDecision(onBus, "api", 2);
            assertThat(images.from()).isEqualTo(1);
            assertThat(images.message()).contains("500").contains("100");
            assertThat(api.message()).contains("200").contains("100");

            // Seconds 10-29: load drops to 100 and 50 req/s; the stabilisation window holds the count.
            produce(producer, prefix, t0, 10, 20, 100, 50);
            awaitRecorded(http, 6_000, 2_500);
            clock.set(t0.plusSeconds(20));
            await().atMost(Duration.ofSeconds(60)).until(() -> onBus.stream().anyMatch(
                    d -> d.service().equals("images") && d.reason() == Reason.SCALE_DOWN_STABILISED));
            produce(producer, prefix, t0, 20, 30, 100, 50);
            awaitRecorded(http, 7_000, 3_000);
            clock.set(t0.plusSeconds(30));
            awaitEvaluatedAt(http, "images", t0.plusSeconds(30));
            assertThat(http.service("images").path("desired").asInt()).isEqualTo(5);

            // Second 41: the last recommendation of 5 (made at t0+10) has left the 30 s window.
            produce(producer, prefix, t0, 30, 41, 100, 50);
            awaitRecorded(http, 8_100, 3_550);
            clock.set(t0.plusSeconds(41));
            await().atMost(Duration.ofSeconds(60)).until(() -> onBus.stream()
                    .anyMatch(d -> d.service().equals("images") && d.to() < d.from()));
            Decision in = onBus.stream().filter(d -> d.service().equals("images") && d.to() < d.from()).findFirst().orElseThrow();
            assertThat(in.from()).isEqualTo(5);
            assertThat(in.to()).isLessThan(5);
        }
        Instant earliestScaleIn = t0.plusSeconds(10).plus(STABILISATION);
        assertThat(onBus).filteredOn(d -> d.to() < d.from())
                .isNotEmpty()
                .allSatisfy(d -> assertThat(d.at()).isAfterOrEqualTo(earliestScaleIn));

        // The audit topic carries the same decisions, with their seq and reason.
        List<JsonNode> audited = broker.consumeAll(prefix + ".decisions", onBus.size(), Duration.ofSeconds(60)).stream()
                .map(r -> read(r.value())).toList();
        assertThat(audited).anySatisfy(d -> {
            assertThat(d.path("service").asText()).isEqualTo("images");
            assertThat(d.path("to").asInt()).isEqualTo(5);
            assertThat(d.path("v").asInt()).isEqualTo(1);
            assertThat(d.path("reason").asText()).isEqualTo("target-tracking");
            assertThat(d.path("message").asText()).contains("500");
        });
        assertThat(audited).anySatisfy(d -> {
            assertThat(d.path("service").asText()).isEqualTo("api");
            assertThat(d.path("to").asInt()).isEqualTo(2);
        });
        List<Long> imagesSeqs = audited.stream().filter(d -> d.path("service").asText().equals("images"))
                .map(d -> d.path("seq").asLong()).toList();
        assertThat(imagesSeqs).isSorted().doesNotHaveDuplicates();
    }

    /** Produces {@code rpsA} images and {@code rpsB} api requests for each second in [from, to). */
    private static void produce(KafkaProducer<byte[], byte[]> producer, String prefix, Instant t0,
                                int from, int to, int rpsA, int rpsB) throws Exception {
        String topic = prefix + ".requests";
        for (int second = from; second < to; second++) {
            long base = t0.toEpochMilli() + second * 1000L;
            for (int i = 0; i < rpsA; i++) {
                long ts = base + (i * 1000L) / rpsA;
                producer.send(new ProducerRecord<>(topic, null, ts, Events.key("images"), Events.request("images", ts, 40, 200)));
            }
            for (int i = 0; i < rpsB; i++) {
                long ts = base + (i * 1000L) / rpsB;
                producer.send(new ProducerRecord<>(topic, null, ts, Events.key("api"), Events.request("api", ts, 20, 200)));
            }
        }
        producer.flush();
    }

    private static void awaitRecorded(HttpJson http, long images, long api) {
        await().atMost(Duration.ofSeconds(60)).until(() -> recorded(http, "images") == images && recorded(http, "api") == api);
    }

    private static long recorded(HttpJson http, String service) {
        JsonNode s = http.service(service);
        return s == null ? -1 : s.path("recordedEvents").asLong();
    }

    private static void awaitEvaluatedAt(HttpJson http, String service, Instant at) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            JsonNode s = http.service(service);
            return s != null && s.path("lastEvaluation").path("ts").asLong() >= at.toEpochMilli();
        });
    }

    private static Decision awaitDecision(List<Decision> onBus, String service, int to) {
        await().atMost(Duration.ofSeconds(60)).until(() -> onBus.stream().anyMatch(d -> d.service().equals(service) && d.to() == to));
        return onBus.stream().filter(d -> d.service().equals(service) && d.to() == to).findFirst().orElseThrow();
    }

    private static JsonNode read(byte[] value) {
        try {
            return JSON.readTree(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
