package io.microscaler.demo;

import static io.microscaler.demo.DemoTestSupport.await;
import static io.microscaler.demo.DemoTestSupport.get;
import static io.microscaler.demo.DemoTestSupport.getNow;
import static io.microscaler.demo.DemoTestSupport.join;
import static io.microscaler.demo.DemoTestSupport.settings;
import static io.microscaler.demo.DemoTestSupport.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.microscaler.demo.DemoTestSupport.RecordingSink;
import io.microscaler.ingest.IngestEvent;
import io.microscaler.ingest.RequestEvent;
import io.microscaler.ingest.SummaryEvent;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class ImageServerTest {

    private final RecordingSink sink = new RecordingSink();

    private ImageServer deploy(Vertx vertx, ImageServerSettings settings) {
        ImageServer server = new ImageServer("iiif", "task-1", settings, sink);
        await(vertx.deployVerticle(server));
        assertThat(server.port()).isPositive();
        return server;
    }

    private List<RequestEvent> requestEvents() {
        return sink.events().stream().filter(RequestEvent.class::isInstance).map(RequestEvent.class::cast).toList(); // not the heartbeats
    }

    @Test
    void servesTilesInfoAndHealthAndReportsEachRequestButNotHealthChecks(Vertx vertx) {
        ImageServer server = deploy(vertx, settings(4, 10, 20));

        HttpResponse<byte[]> tile = getNow(server.port(), "/iiif/img-0001/0,0,512,512/512,/0/default.jpg");
        assertThat(tile.statusCode()).isEqualTo(200);
        assertThat(tile.headers().firstValue("content-type")).hasValue("image/jpeg");
        assertThat(tile.body().length).isBetween(18_000, 64_000);
        assertThat(tile.body()[0]).isEqualTo((byte) 0xFF);
        assertThat(tile.body()[1]).isEqualTo((byte) 0xD8); // a JPEG's start of image
        assertThat(getNow(server.port(), "/iiif/img-0001/0,0,512,512/512,/0/default.jpg").body())
                .as("the same tile has the same bytes").isEqualTo(tile.body());

        HttpResponse<byte[]> info = getNow(server.port(), "/iiif/img-0001/info.json");
        assertThat(info.statusCode()).isEqualTo(200);
        assertThat(text(info)).contains("\"width\":8192", "\"id\":\"http://127.0.0.1:" + server.port() + "/iiif/img-0001\"");

        HttpResponse<byte[]> health = getNow(server.port(), "/health");
        assertThat(health.statusCode()).isEqualTo(200);

        List<RequestEvent> events = requestEvents();
        assertThat(events).hasSize(3);
        assertThat(events).allSatisfy(e -> {
            assertThat(e.service()).isEqualTo("iiif");
            assertThat(e.task()).isEqualTo("task-1");
            assertThat(e.status()).isEqualTo(200);
        });
        assertThat(sink.sent).allSatisfy(s -> {
            assertThat(s.key()).isEqualTo("iiif");
            assertThat(s.topic()).isEqualTo("test.requests");
        });
        assertThat(events.get(0).bytes()).isEqualTo(tile.body().length);
        assertThat(events.get(0).latencyMs()).as("at least the render time").isGreaterThanOrEqualTo(20);
        assertThat(events.get(2).bytes()).isEqualTo(info.body().length);
        assertThat(server.served()).isEqualTo(3);
    }

    @Test
    void nonsenseIs400AnUnknownRoute404AndAPost405AllReported(Vertx vertx) {
        ImageServer server = deploy(vertx, settings(4, 10, 20));

        HttpResponse<byte[]> bad = getNow(server.port(), "/iiif/img-1/0,0,512/512,/0/default.jpg");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(text(bad)).isEqualTo("invalid region '0,0,512'");
        assertThat(getNow(server.port(), "/iiif/img-1/full/max/0/default.jpg/x").statusCode()).isEqualTo(404);
        assertThat(getNow(server.port(), "/favicon.ico").statusCode()).isEqualTo(404);
        HttpResponse<byte[]> post = join(DemoTestSupport.HTTP.sendAsync(java.net.http.HttpRequest
                .newBuilder(java.net.URI.create("http://127.0.0.1:" + server.port() + "/iiif/a/info.json"))
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("x")).build(),
                HttpResponse.BodyHandlers.ofByteArray()));
        assertThat(post.statusCode()).isEqualTo(405);

        assertThat(requestEvents()).extracting(RequestEvent::status).containsExactly(400, 404, 404, 405);
    }

    /**
     * One worker, renders of 100 ms, five requests at once: they are served one after another,
     * so the k-th to finish has waited for k renders before its own. Only lower bounds: a slow
     * machine makes latencies longer, never shorter. The bound allows the requests to arrive
     * up to a whole render apart.
     */
    @Test
    void latencyGrowsWhenRequestsOutnumberWorkers(Vertx vertx) {
        ImageServer server = deploy(vertx, settings(1, 100, 100));

        List<CompletableFuture<HttpResponse<byte[]>>> calls = IntStream.range(0, 5)
                .mapToObj(i -> get(server.port(), "/iiif/img-" + i + "/full/512,/0/default.jpg")).toList();
        calls.forEach(c -> assertThat(join(c).statusCode()).isEqualTo(200));

        List<Long> latencies = requestEvents().stream().map(RequestEvent::latencyMs).sorted().toList();
        assertThat(latencies).hasSize(5);
        for (int k = 0; k < 5; k++) {
            assertThat(latencies.get(k)).as("latency of the %d-th served: %s", k + 1, latencies)
                    .isGreaterThanOrEqualTo(100L * k);
        }
        assertThat(latencies.get(4)).isGreaterThanOrEqualTo(2 * latencies.get(0));
    }

    @Test
    void pastTheQueueLimitRequestsAreRefusedWith503(Vertx vertx) {
        // 1 rendering + 2 waiting; the other 3 of 6 simultaneous requests are refused at once.
        ImageServer server = deploy(vertx, settings(1, 2, 300));

        List<CompletableFuture<HttpResponse<byte[]>>> calls = IntStream.range(0, 6)
                .mapToObj(i -> get(server.port(), "/iiif/img-" + i + "/full/512,/0/default.jpg")).toList();
        List<Integer> statuses = calls.stream().map(c -> join(c).statusCode()).toList();

        assertThat(statuses).containsExactlyInAnyOrder(200, 200, 200, 503, 503, 503);
        assertThat(server.rejected()).isEqualTo(3);
        assertThat(requestEvents()).extracting(RequestEvent::status).containsExactlyInAnyOrder(200, 200, 200, 503, 503, 503);
        assertThat(calls.stream().map(DemoTestSupport::join).filter(r -> r.statusCode() == 503))
                .allSatisfy(r -> assertThat(r.headers().firstValue("retry-after")).hasValue("1"));
    }

    @Test
    void inSummaryModeEachSecondIsRolledUpAndAnIdleSecondIsAHeartbeat(Vertx vertx) {
        ImageServer server = deploy(vertx, settings(4, 10, 10).withEventMode(ImageServerSettings.EventMode.SUMMARIES));
        assertThat(getNow(server.port(), "/iiif/a/full/512,/0/default.jpg").statusCode()).isEqualTo(200);
        assertThat(getNow(server.port(), "/iiif/a/bad/512,/0/default.jpg").statusCode()).isEqualTo(400);

        // until a heartbeat has followed the traffic (at most ~3 intervals)
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            List<IngestEvent> events = sink.events();
            return events.size() >= 2 && ((SummaryEvent) events.get(events.size() - 1)).count() == 0
                    && events.stream().mapToLong(e -> ((SummaryEvent) e).count()).sum() == 2;
        });
        List<SummaryEvent> summaries = sink.events().stream().map(SummaryEvent.class::cast).toList();
        assertThat(summaries).allSatisfy(s -> {
            assertThat(s.intervalMs()).isEqualTo(1000);
            assertThat(s.service()).isEqualTo("iiif");
            assertThat(s.errors()).as("a 400 is the client's error, not the server's").isZero();
            assertThat(s.inFlight()).isZero();
        });
        assertThat(summaries.stream().mapToLong(SummaryEvent::latencyMsSum).sum()).isGreaterThanOrEqualTo(10);
        assertThat(summaries.stream().mapToLong(SummaryEvent::latencyMsMax).max().orElseThrow()).isGreaterThanOrEqualTo(10);
    }

    @Test
    void drainingFinishesAdmittedRequestsAndRefusesNewOnesAndFailsHealthChecks(Vertx vertx) {
        ImageServer server = deploy(vertx, settings(1, 10, 300));
        CompletableFuture<HttpResponse<byte[]>> first = get(server.port(), "/iiif/a/full/512,/0/default.jpg");
        CompletableFuture<HttpResponse<byte[]>> second = get(server.port(), "/iiif/b/full/512,/0/default.jpg");
        await().atMost(Duration.ofSeconds(5)).until(() -> server.inFlight() == 2);

        // a long grace: if drain waited for it instead of for the requests, the test would time out
        CompletableFuture<Void> drained = server.drain(Duration.ofMinutes(5)).toCompletionStage().toCompletableFuture();
        await().atMost(Duration.ofSeconds(5)).until(() -> getNow(server.port(), "/health").statusCode() == 503);
        assertThat(getNow(server.port(), "/iiif/c/info.json").statusCode()).isEqualTo(503);

        assertThat(join(first).statusCode()).isEqualTo(200);
        assertThat(join(second).statusCode()).isEqualTo(200);
        join(drained);
        assertThat(server.inFlight()).isZero();
    }

    @Test
    void drainingAnIdleServerCompletesAtOnce(Vertx vertx) {
        ImageServer server = deploy(vertx, settings(1, 10, 300));
        await(server.drain(Duration.ofMinutes(5)));
        assertThat(getNow(server.port(), "/health").statusCode()).isEqualTo(503);
    }

    @Test
    void renderTimesSpreadAroundTheMeanByTheJitter() {
        ImageServerSettings s = new ImageServerSettings(4, 10, 40, 5, 0.25, ImageServerSettings.EventMode.REQUESTS, "t");
        assertThat(s.renderMillis(true, 0)).isEqualTo(30);
        assertThat(s.renderMillis(true, 0.5)).isEqualTo(40);
        assertThat(s.renderMillis(true, 0.999_999)).isEqualTo(50);
        assertThat(s.renderMillis(false, 0.5)).isEqualTo(5);
    }
}
