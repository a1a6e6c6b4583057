package io.microscaler.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.microscaler.bus.Addresses;
import io.microscaler.bus.CapacityObserved;
import io.microscaler.bus.Codecs;
import io.microscaler.bus.ServiceStatuses;
import io.microscaler.observability.Metrics;
import io.microscaler.policy.Capacity;
import io.microscaler.testing.HttpJson;
import io.microscaler.window.WindowState;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The API verticle serves the status page from the jar at {@code /}, its stream at
 * {@code /api/stream}, and the healthy count and latency target in {@code /api/services}. No
 * broker is needed for these (the readiness check just says the broker is unreachable).
 */
@ExtendWith(VertxExtension.class)
class StatusPageRoutesTest {

    private Vertx vertx;
    private HttpJson http;
    private int port;

    @BeforeEach
    void deploy(Vertx vertx) throws Exception {
        this.vertx = vertx;
        Codecs.register(vertx.eventBus());
        // Nothing listens on port 9 of loopback: the admin client's checks fail fast and quietly.
        Map<String, String> admin = Map.of("bootstrap.servers", "127.0.0.1:9", "request.timeout.ms", "1000",
                "default.api.timeout.ms", "1000");
        ApiVerticle api = new ApiVerticle("127.0.0.1", 0, 1, admin, Metrics.newRegistry(),
                Map.of("iiif", new ServiceTargets(250.0, 2, 40)), Clock.systemUTC());
        vertx.deployVerticle(api).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        port = api.actualPort();
        http = new HttpJson(port);
    }

    @Test
    void theStatusPageAndItsScriptsAreServedFromTheJar() {
        HttpResponse<String> page = http.get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.body()).contains("<title>microscaler · live status</title>")
                .contains("<script src=\"chart.js\"></script>").contains("<script src=\"status.js\"></script>")
                .doesNotContain("http://", "https://cdn"); // nothing from elsewhere: the page works offline
        for (String file : new String[] {"/status.js", "/chart.js", "/status.css"}) {
            HttpResponse<String> r = http.get(file);
            assertThat(r.statusCode()).as(file).isEqualTo(200);
            assertThat(r.body()).as(file).isNotBlank().doesNotContain("https://");
        }
        assertThat(http.get("/status.js").body()).contains("new EventSource(\"/api/stream\")");
        assertThat(http.get("/no-such-file.js").statusCode()).isEqualTo(404);
    }

    @Test
    void theStreamIsServerSentEvents() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<Stream<String>> r = client.sendAsync(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/stream")).build(), HttpResponse.BodyHandlers.ofLines())
                .get(10, TimeUnit.SECONDS);
        try (Stream<String> lines = r.body()) {
            assertThat(r.headers().firstValue("Content-Type")).hasValue("text/event-stream; charset=utf-8");
            assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-cache");
            assertThat(lines.filter(l -> l.startsWith("event: ")).findFirst()).hasValue("event: hello");
        }
    }

    @Test
    void servicesShowTheHealthyTasksTheActuatorReadAndTheLatencyTarget() {
        var status = Statuses.status("iiif", Instant.now(), WindowState.OK, 80, 50, new Capacity(4, 4, 0));
        vertx.eventBus().publish(Addresses.STATUS, new ServiceStatuses(status.owner(), List.of(status)));
        vertx.eventBus().publish(Addresses.CAPACITY, new CapacityObserved("iiif", new Capacity(4, 4, 0), Instant.now(),
                OptionalInt.of(3), CapacityObserved.DesiredCount.APPLIED));

        await().atMost(Duration.ofSeconds(10)).until(() -> {
            JsonNode s = http.service("iiif");
            return s != null && s.path("healthy").asInt(-1) == 3;
        });
        JsonNode s = http.service("iiif");
        assertThat(s.path("latencyTargetMs").asDouble()).isEqualTo(250.0);
        assertThat(s.path("desired").asInt()).isEqualTo(4);

        vertx.eventBus().publish(Addresses.CAPACITY, new CapacityObserved("iiif", new Capacity(4, 4, 0), Instant.now()));
        await().atMost(Duration.ofSeconds(10)).until(() -> http.service("iiif").path("healthy").isNull());
    }
}
