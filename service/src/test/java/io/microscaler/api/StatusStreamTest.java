package io.microscaler.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.microscaler.bus.CapacityObserved;
import io.microscaler.config.ConfigLoader;
import io.microscaler.decision.Decision;
import io.microscaler.decision.Reason;
import io.microscaler.policy.Capacity;
import io.microscaler.testing.MutableClock;
import io.microscaler.window.WindowState;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link StatusStream} over a real HTTP server and client: what a browser's EventSource receives
 * on connect, every tick, and after reconnecting.
 */
@ExtendWith(VertxExtension.class)
class StatusStreamTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    private final MutableClock clock = new MutableClock(T0);
    private final StatusBoard board = new StatusBoard();
    private final DecisionLog decisions = new DecisionLog(100);
    private Vertx vertx;
    private Context context;
    private StatusStream stream;
    private HttpClient client;
    private int port;

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        this.vertx = vertx;
        context = vertx.getOrCreateContext();
        stream = new StatusStream(board, decisions, Map.of("iiif", new ServiceTargets(250.0, 2, 40)), clock,
                ConfigLoader.defaults().http().stream());
        HttpServer server = onContext(() -> {
            Router router = Router.router(vertx);
            router.get("/api/stream").handler(stream::open);
            return vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1");
        });
        port = server.actualPort();
        client = vertx.createHttpClient();
    }

    @Test
    void aNewClientGetsTheHistoryThenATickEverySecondWithTheNewDecisions() throws Exception {
        report(80, 50, new Capacity(2, 2, 0));
        tick();
        clock.advance(Duration.ofSeconds(1));
        report(400, 900, new Capacity(6, 2, 4));
        publish(Statuses.decision("iiif", T0.plusSeconds(1), 7, 2, 6, Reason.PANIC, "panic: concurrency 36.2 ≥ 2 × target"));
        tick();

        Events events = connect();
        JsonObject hello = events.awaitEvent("hello", 0);
        assertThat(events.retryMillis()).isEqualTo(2000);
        assertThat(events.contentType()).startsWith("text/event-stream");
        JsonObject service = hello.getJsonArray("services").getJsonObject(0);
        assertThat(service.getString("service")).isEqualTo("iiif");
        assertThat(service.getDouble("latencyTargetMs")).isEqualTo(250.0);
        assertThat(service.getInteger("panicSpanSeconds")).isEqualTo(6);
        JsonArray points = service.getJsonArray("points");
        assertThat(points.stream().map(p -> ((JsonObject) p).getDouble("rps"))).containsExactly(80.0, 400.0);
        assertThat(points.getJsonObject(1).getLong("t")).isEqualTo(T0.plusSeconds(1).toEpochMilli());
        assertThat(hello.getJsonArray("decisions").getJsonObject(0).getMap())
                .containsEntry("from", 2).containsEntry("to", 6).containsEntry("reason", "panic")
                .containsEntry("message", "panic: concurrency 36.2 ≥ 2 × target");

        clock.advance(Duration.ofSeconds(1));
        report(410, 60, new Capacity(6, 6, 0));
        board.capacity(new CapacityObserved("iiif", new Capacity(6, 6, 0), clock.instant(),
                OptionalInt.of(5), CapacityObserved.DesiredCount.APPLIED));
        publish(Statuses.decision("iiif", T0.plusSeconds(2), 8, 6, 8, Reason.TARGET_TRACKING, "concurrency 21 …"));
        tick();

        JsonObject tick = events.awaitEvent("tick", 0);
        JsonObject point = tick.getJsonArray("services").getJsonObject(0).getJsonObject("point");
        assertThat(point.getMap()).containsEntry("t", T0.plusSeconds(2).toEpochMilli()).containsEntry("rps", 410.0)
                .containsEntry("running", 6).containsEntry("healthy", 5);
        assertThat(tick.getJsonArray("decisions")).hasSize(1);
        assertThat(tick.getJsonArray("decisions").getJsonObject(0).getLong("seq")).isEqualTo(8);

        tick();
        assertThat(events.awaitEvent("tick", 1).getJsonArray("decisions")).as("each decision is sent once").isEmpty();
    }

    @Test
    void aReconnectingClientGetsEverythingItMissed() throws Exception {
        report(80, 50, new Capacity(2, 2, 0));
        tick();
        Events first = connect();
        first.awaitEvent("hello", 0);
        first.close();
        await().atMost(Duration.ofSeconds(10)).until(() -> onContext(() -> Future.succeededFuture(stream.clients())) == 0);

        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofSeconds(1));
            tick();
        }
        Events again = connect();

        JsonArray points = again.awaitEvent("hello", 0).getJsonArray("services").getJsonObject(0).getJsonArray("points");
        assertThat(points).hasSize(4);
    }

    @Test
    void withNoServiceYetTheStreamStillTicks() throws Exception {
        Events events = connect();

        assertThat(events.awaitEvent("hello", 0).getJsonArray("services")).isEmpty();
        tick();
        JsonObject tick = events.awaitEvent("tick", 0);
        assertThat(tick.getJsonArray("services")).isEmpty();
        assertThat(tick.getLong("t")).isEqualTo(T0.toEpochMilli());
    }

    @Test
    void aServiceWithoutAPointYetIsAnnouncedSoItsDecisionsHaveACard() throws Exception {
        report(80, 50, new Capacity(2, 2, 0));
        publish(Statuses.decision("iiif", T0, 1, 2, 3, Reason.TARGET_TRACKING, "concurrency 7.5 …"));

        JsonObject hello = connect().awaitEvent("hello", 0);

        JsonObject service = hello.getJsonArray("services").getJsonObject(0);
        assertThat(service.getString("service")).isEqualTo("iiif");
        assertThat(service.getJsonArray("points")).isEmpty();
        assertThat(hello.getJsonArray("decisions")).hasSize(1);
    }

    @Test
    void pointsOlderThanTheHistoryAreNotSentToANewClient() throws Exception {
        report(80, 50, new Capacity(2, 2, 0));
        tick();
        clock.advance(StatusStream.HISTORY.plusSeconds(1));
        report(90, 50, new Capacity(2, 2, 0));
        tick();

        JsonArray points = connect().awaitEvent("hello", 0).getJsonArray("services").getJsonObject(0).getJsonArray("points");

        assertThat(points).hasSize(1);
        assertThat(points.getJsonObject(0).getDouble("rps")).isEqualTo(90.0);
    }

    // ---- helpers --------------------------------------------------------------------------

    private void report(double rps, double p95, Capacity capacity) throws Exception {
        onContext(() -> {
            board.update(Statuses.status("iiif", clock.instant(), WindowState.OK, rps, p95, capacity));
            return Future.succeededFuture();
        });
    }

    private void publish(Decision d) throws Exception {
        onContext(() -> {
            decisions.add(d);
            stream.decision(d);
            return Future.succeededFuture();
        });
    }

    private void tick() throws Exception {
        onContext(() -> {
            stream.tick();
            return Future.succeededFuture();
        });
    }

    /** Runs on the stream's context (as the API verticle's handlers do) and waits for the result. */
    private <T> T onContext(Supplier<Future<T>> action) throws Exception {
        Promise<T> promise = Promise.promise();
        context.runOnContext(v -> action.get().onComplete(promise));
        return promise.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private Events connect() throws Exception {
        Events events = new Events();
        client.request(HttpMethod.GET, port, "127.0.0.1", "/api/stream")
                .compose(request -> request.send())
                .map(response -> {
                    // set on the client's context as the response arrives, so no chunk goes by unread
                    events.response = response;
                    return response.handler(buffer -> events.received(buffer.toString()));
                })
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return events;
    }

    /** What an EventSource would parse out of the stream: events by name, and the retry interval. */
    private static final class Events {
        private final StringBuilder text = new StringBuilder();
        private final List<Map.Entry<String, JsonObject>> events = new CopyOnWriteArrayList<>();
        private volatile long retry = -1;
        private volatile HttpClientResponse response;

        synchronized void received(String chunk) {
            text.append(chunk);
            int end;
            while ((end = text.indexOf("\n\n")) >= 0) {
                String block = text.substring(0, end);
                text.delete(0, end + 2);
                String name = "message";
                String data = null;
                for (String line : block.split("\n")) {
                    if (line.startsWith("event: ")) {
                        name = line.substring(7);
                    } else if (line.startsWith("data: ")) {
                        data = line.substring(6);
                    } else if (line.startsWith("retry: ")) {
                        retry = Long.parseLong(line.substring(7));
                    }
                }
                if (data != null) {
                    events.add(Map.entry(name, new JsonObject(data)));
                }
            }
        }

        /** The index-th event of that name, once it has arrived. */
        JsonObject awaitEvent(String name, int index) {
            await("event " + name + " #" + index).atMost(Duration.ofSeconds(10))
                    .until(() -> events.stream().filter(e -> e.getKey().equals(name)).count() > index);
            return events.stream().filter(e -> e.getKey().equals(name)).skip(index).findFirst().orElseThrow().getValue();
        }

        long retryMillis() {
            return retry;
        }

        String contentType() {
            return response.getHeader("Content-Type");
        }

        void close() {
            response.request().connection().close();
        }
    }
}
