package io.microscaler.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.microscaler.bus.Addresses;
import io.microscaler.config.MicroscalerConfig;
import io.microscaler.decision.Decision;
import io.microscaler.decision.Reason;
import io.microscaler.service.Microscaler;
import io.microscaler.testing.Events;
import io.microscaler.testing.HttpJson;
import io.microscaler.testing.KafkaBrokerExtension;
import io.microscaler.testing.KafkaTestBroker;
import io.microscaler.testing.MutableClock;
import io.microscaler.testing.StartedMicroscaler;
import io.microscaler.testing.TestConfigs;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin API on a real broker, with the dry-run target and a manual clock: a pause holds a
 * service through load that asks for more (decisions shown as paused, nothing applied), a pin sets
 * its count and ends at its expiry on the owner's clock, every action is on the audit topic with
 * who, what and why, and a pause outlives a restart (the new processes read the admin topic before
 * they decide anything); a resume sent to the instance that does not own the service is applied by
 * the one that does.
 */
@ExtendWith(KafkaBrokerExtension.class)
class AdminIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "alice-token-0123456789abcdef";
    private final HttpClient client = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @Test
    void pausePinExpiryAuditAndAPauseThatOutlivesARestart(KafkaTestBroker broker) throws Exception {
        String prefix = broker.uniqueName("admin");
        Path tokens = Files.writeString(dir.resolve("tokens"), "alice " + TOKEN + "\n");
        MicroscalerConfig config = TestConfigs.load(dir,
                TestConfigs.kafkaAndHttp(1).replace("ingest:\n", "ingest:\n  maxFutureSkew: 15s\n") + """
                windows:
                  stableSpan: 20s
                  panicSpan: 2s
                  staleAfter: 60s
                tick: 100ms
                admin:
                  tokenFile: %s
                serviceDefaults: {metric: rps, target: 100, minTasks: 1, maxTasks: 20, initialTasks: 1}
                services:
                  images: {}
                """.formatted(tokens), broker.bootstrapServers(), prefix);
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        MutableClock clock = new MutableClock(t0);

        try (KafkaProducer<byte[], byte[]> producer = broker.producer()) {
            Microscaler first = StartedMicroscaler.ready(config, clock);
            List<Decision> onBus = new CopyOnWriteArrayList<>();
            try {
                first.vertx().eventBus().<Decision>localConsumer(Addresses.DECISIONS, m -> onBus.add(m.body()));
                HttpJson http = new HttpJson(first.httpPort());
                int port = first.httpPort();

                // No token, or a wrong one: 401, nothing paused.
                assertThat(post(port, "/api/admin/services/images/pause", null, "{\"reason\":\"x\"}").statusCode())
                        .isEqualTo(401);
                assertThat(post(port, "/api/admin/services/images/pause", TOKEN + "x", "{\"reason\":\"x\"}").statusCode())
                        .isEqualTo(401);

                // Paused before the load: 500 requests/s ask for 5 tasks, and nothing is applied.
                HttpResponse<String> pause = post(port, "/api/admin/services/images/pause", TOKEN, "{\"reason\":\"incident 42\"}");
                assertThat(pause.statusCode()).as(pause.body()).isEqualTo(200);
                assertThat(JSON.readTree(pause.body()).path("paused").path("by").asText()).isEqualTo("alice");
                produce(producer, prefix, t0, 0, 10, 500);
                awaitRecorded(http, 5_000);
                clock.set(t0.plusSeconds(10));
                await().atMost(Duration.ofSeconds(30)).until(() -> evaluation(http).path("message").asText()
                        .contains("would set 1 → 5"));
                JsonNode paused = http.service("images");
                assertThat(paused.path("lastEvaluation").path("reason").asText()).isEqualTo("paused");
                assertThat(paused.path("lastEvaluation").path("message").asText())
                        .startsWith("paused by alice: incident 42 (since " + t0 + ")");
                assertThat(paused.path("paused").path("reason").asText()).isEqualTo("incident 42");
                assertThat(paused.path("desired").asInt()).isEqualTo(1);
                assertThat(onBus).filteredOn(d -> d.reason() == Reason.PAUSED).isNotEmpty()
                        .allSatisfy(d -> assertThat(d.to()).isEqualTo(d.from()));
                assertThat(onBus).noneMatch(Decision::changesCount);

                // A pin while paused waits for the resume, then holds 3 where the policy wants 5, for 5 s.
                HttpResponse<String> pin = post(port, "/api/admin/services/images/pin", TOKEN,
                        "{\"count\":3,\"for\":\"5s\",\"reason\":\"deploy in progress\"}");
                assertThat(pin.statusCode()).as(pin.body()).isEqualTo(200);
                assertThat(post(port, "/api/admin/services/images/resume", TOKEN, "{\"reason\":\"incident over\"}")
                        .statusCode()).isEqualTo(200);
                await().atMost(Duration.ofSeconds(30)).until(() -> http.service("images").path("desired").asInt() == 3);
                Decision pinned = onBus.stream().filter(Decision::changesCount).findFirst().orElseThrow();
                assertThat(pinned.from()).isEqualTo(1);
                assertThat(pinned.to()).isEqualTo(3);
                assertThat(pinned.reason()).isEqualTo(Reason.PINNED);
                assertThat(pinned.message()).startsWith("pinned at 3 by alice until " + t0.plusSeconds(15)
                        + ": deploy in progress; the policy would set 1 → 5");

                // The owner's clock passes the pin's expiry: the policy decides again.
                produce(producer, prefix, t0, 10, 20, 500);
                awaitRecorded(http, 10_000);
                clock.set(t0.plusSeconds(20));
                await().atMost(Duration.ofSeconds(30)).until(() -> onBus.stream()
                        .anyMatch(d -> d.from() == 3 && d.to() == 5 && d.reason() != Reason.PINNED));
                assertThat(http.service("images").path("pin").path("holding").asBoolean()).isFalse();
                // The owner says so once on the audit topic (its check runs every second)
                assertThat(broker.consumeMatching(prefix + ".decisions", r -> read(r.value()).path("action").asText()
                        .equals("pin-expired"), 1, Duration.ofSeconds(10))).hasSize(1);

                // Before the restart: paused again.
                assertThat(post(port, "/api/admin/services/images/pause", TOKEN, "{\"reason\":\"before restart\"}")
                        .statusCode()).isEqualTo(200);
            } finally {
                first.close();
            }

            // Every action is on the audit topic, beside the decisions: who, what, why, when.
            List<JsonNode> actions = broker.consumeMatching(prefix + ".decisions",
                    r -> read(r.value()).path("type").asText().equals("admin"), 5, Duration.ofSeconds(30))
                    .stream().map(r -> read(r.value())).toList();
            assertThat(actions).extracting(a -> a.path("action").asText())
                    .containsExactly("pause", "pin", "resume", "pin-expired", "pause");
            assertThat(actions.get(1).path("by").asText()).isEqualTo("alice");
            assertThat(actions.get(1).path("reason").asText()).isEqualTo("deploy in progress");
            assertThat(actions.get(1).path("count").asInt()).isEqualTo(3);
            assertThat(actions.get(1).path("until").asLong()).isEqualTo(t0.plusSeconds(15).toEpochMilli());
            assertThat(actions.get(1).path("ts").asLong()).isEqualTo(t0.plusSeconds(10).toEpochMilli());
            assertThat(actions.get(3).path("by").asText()).isEqualTo("microscaler");

            // Two new processes share the service (one consumer group); both read the pause before they decide:
            // twice the load, and still nothing applied.
            Microscaler second = StartedMicroscaler.ready(config, clock);
            Microscaler third = null;
            try {
                third = StartedMicroscaler.ready(config, clock);
                List<Microscaler> both = List.of(second, third);
                java.util.Map<Microscaler, List<Decision>> buses = new java.util.HashMap<>();
                for (Microscaler m : both) {
                    List<Decision> bus = new CopyOnWriteArrayList<>();
                    buses.put(m, bus);
                    m.vertx().eventBus().<Decision>localConsumer(Addresses.DECISIONS, d -> bus.add(d.body()));
                    assertThat(new HttpJson(m.httpPort()).service("images").path("paused").path("reason").asText())
                            .isEqualTo("before restart");
                }
                produce(producer, prefix, t0, 20, 30, 1_000);
                clock.set(t0.plusSeconds(30));
                // Once both consume (the rebalance the second one caused is over), one of them owns images
                await().atMost(Duration.ofSeconds(30)).until(() -> both.stream().allMatch(AdminIT::consumes)
                        && both.stream().filter(AdminIT::decidesPaused).count() == 1);
                Microscaler owner = both.stream().filter(AdminIT::decidesPaused).findFirst().orElseThrow();
                Microscaler other = owner == second ? third : second;
                assertThat(new HttpJson(owner.httpPort()).service("images").path("desired").asInt()).isEqualTo(1);
                assertThat(new HttpJson(other.httpPort()).service("images").path("owner").isNull()).isTrue();
                assertThat(buses.values()).allSatisfy(bus -> assertThat(bus).noneMatch(Decision::changesCount));

                // A resume sent to the instance that does not own the service: the owner reads it and scales.
                assertThat(post(other.httpPort(), "/api/admin/services/images/resume", TOKEN,
                        "{\"reason\":\"restart done\"}").statusCode()).isEqualTo(200);
                await().atMost(Duration.ofSeconds(30)).until(() -> buses.get(owner).stream()
                        .anyMatch(d -> d.from() == 1 && d.to() > 5 && d.reason() != Reason.PAUSED));
                assertThat(buses.get(other)).noneMatch(Decision::changesCount);
            } finally {
                second.close();
                if (third != null) {
                    third.close();
                }
            }
        }
    }

    /** Whether the instance's ingest consumer reads partitions (it reports their lag). */
    private static boolean consumes(Microscaler m) {
        return new HttpJson(m.httpPort()).get("/metrics").body().contains("microscaler_ingest_consumer_lag_records{");
    }

    /** Whether the instance owns images and holds it paused while its policy would scale it. */
    private static boolean decidesPaused(Microscaler m) {
        HttpJson http = new HttpJson(m.httpPort());
        JsonNode s = http.service("images");
        return s != null && !s.path("owner").isNull() && s.path("lastEvaluation").path("reason").asText().equals("paused")
                && s.path("lastEvaluation").path("message").asText().contains("the policy would set 1 → ");
    }

    private static JsonNode evaluation(HttpJson http) {
        JsonNode s = http.service("images");
        return s == null ? JSON.nullNode() : s.path("lastEvaluation");
    }

    private HttpResponse<String> post(int port, String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@code rps} requests of images for each second in [from, to) after t0. */
    private static void produce(KafkaProducer<byte[], byte[]> producer, String prefix, Instant t0, int from, int to,
                                int rps) {
        for (int second = from; second < to; second++) {
            long base = t0.toEpochMilli() + second * 1000L;
            for (int i = 0; i < rps; i++) {
                long ts = base + (i * 1000L) / rps;
                producer.send(new ProducerRecord<>(prefix + ".requests", null, ts, Events.key("images"),
                        Events.request("images", ts, 40, 200)));
            }
        }
        producer.flush();
    }

    private static void awaitRecorded(HttpJson http, long events) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            JsonNode s = http.service("images");
            return s != null && s.path("recordedEvents").asLong() == events;
        });
    }

    private static JsonNode read(byte[] value) {
        try {
            return JSON.readTree(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
