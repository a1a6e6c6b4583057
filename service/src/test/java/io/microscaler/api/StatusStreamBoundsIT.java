package io.microscaler.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.microscaler.bus.Addresses;
import io.microscaler.bus.Codecs;
import io.microscaler.config.ConfigLoader;
import io.microscaler.config.StreamLimits;
import io.microscaler.decision.Reason;
import io.microscaler.observability.Metrics;
import io.microscaler.testing.MutableClock;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code /api/stream} stays usable when clients misbehave: clients that never read (raw sockets on
 * loopback, with the smallest receive buffer) take every slot, and once {@code http.stream.maxAge}
 * has passed on the API's clock they are gone and a new client is served; a client whose queue
 * stays full is dropped while one that reads keeps its stream. The bounds are checked on the API's
 * own 1 s tick against a clock the test moves: no sleeps, only awaits.
 */
@ExtendWith(VertxExtension.class)
class StatusStreamBoundsIT {

    private static final Instant T0 = Instant.parse("2026-12-06T10:00:00Z");
    // Nothing listens on port 9 of loopback: the admin client's checks fail fast and quietly.
    private static final Map<String, String> ADMIN = Map.of("bootstrap.servers", "127.0.0.1:9",
            "request.timeout.ms", "1000", "default.api.timeout.ms", "1000");

    private final MutableClock clock = new MutableClock(T0);
    private final PrometheusMeterRegistry registry = Metrics.newRegistry();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Socket> sockets = new ArrayList<>();
    private Vertx vertx;
    private int port;

    @AfterEach
    void closeSockets() throws IOException {
        for (Socket s : sockets) {
            s.close();
        }
    }

    @Test
    void clientsThatNeverReadHoldEverySlotOnlyUntilMaxAgeThenANewClientIsServed(Vertx vertx) throws Exception {
        StreamLimits limits = deploy(vertx, Map.of("http.stream.maxAge", "1m"));
        assertThat(limits.maxClients()).isEqualTo(64);

        for (int i = 0; i < limits.maxClients(); i++) {
            neverReads();
        }
        // Every slot is taken once the 65th is refused (the 64 requests arrive in their own time).
        await().atMost(Duration.ofSeconds(30)).until(() -> probe() == 503);
        assertThat(counter("microscaler_api_streams_refused", null)).isPositive();
        assertThat(counter("microscaler_api_streams_closed", "max-age")).isZero();

        clock.advance(Duration.ofMinutes(1));

        // (A probe that found a free slot before the 64th arrived may have been open then too.)
        await().atMost(Duration.ofSeconds(30)).until(() -> counter("microscaler_api_streams_closed", "max-age") >= 64);
        HttpResponse<InputStream> served = newStream();
        assertThat(served.statusCode()).isEqualTo(200);
        try (BufferedReader events = new BufferedReader(new InputStreamReader(served.body(), StandardCharsets.UTF_8))) {
            assertThat(events.readLine()).isEqualTo("retry: 2000");
            assertThat(events.readLine()).isEmpty();
            assertThat(events.readLine()).isEqualTo("event: hello");
        }
        // The connections went with the slots: each socket that never read finds its stream closed.
        for (Socket neverRead : sockets) {
            assertThat(readsToTheEnd(neverRead)).isTrue();
        }
    }

    @Test
    void aClientWhoseQueueStaysFullIsDroppedWhileAReadingClientKeepsItsStream(Vertx vertx) throws Exception {
        deploy(vertx, Map.of("http.stream.maxAge", "1h", "http.stream.slowClientTimeout", "10s"));
        // 200 decisions of 32 KB each: a 6.4 MB hello, more than a non-reading socket and the
        // kernel's buffers on loopback take, so the server's own queue for it fills.
        String message = "x".repeat(32 * 1024);
        for (int seq = 1; seq <= StatusStream.DECISIONS_ON_CONNECT; seq++) {
            vertx.eventBus().publish(Addresses.DECISIONS,
                    Statuses.decision("iiif", T0, seq, 2, 3, Reason.TARGET_TRACKING, message));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> http.send(HttpRequest.newBuilder(uri("/api/decisions?limit=200"))
                .build(), HttpResponse.BodyHandlers.ofString()).body().length() > 200 * 32 * 1024);

        AtomicLong ticksRead = new AtomicLong();
        AtomicBoolean readerEnded = new AtomicBoolean();
        HttpResponse<InputStream> reader = newStream();
        Thread reading = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(reader.body(), StandardCharsets.UTF_8))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (line.equals("event: tick")) {
                        ticksRead.incrementAndGet();
                    }
                }
            } catch (IOException e) {
                // closed by the test's end
            }
            readerEnded.set(true);
        }, "reading-client");
        reading.setDaemon(true);
        reading.start();
        Socket slow = neverReads();

        // Each poll moves the API's clock 5 s on; its tick marks the slow client full, then drops it.
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            clock.advance(Duration.ofSeconds(5));
            return counter("microscaler_api_streams_closed", "slow-client") == 1;
        });
        long ticksAtDrop = ticksRead.get();
        await().atMost(Duration.ofSeconds(10)).until(() -> ticksRead.get() > ticksAtDrop + 1);
        assertThat(readerEnded).isFalse();
        assertThat(counter("microscaler_api_streams_closed", "slow-client")).isEqualTo(1);
        assertThat(readsToTheEnd(slow)).isTrue();
        reader.body().close();
    }

    // ---- helpers --------------------------------------------------------------------------

    private StreamLimits deploy(Vertx vertx, Map<String, String> overrides) throws Exception {
        this.vertx = vertx;
        Codecs.register(vertx.eventBus());
        StreamLimits limits = ConfigLoader.load(null, Map.of(), overrides).http().stream();
        ApiVerticle api = new ApiVerticle("127.0.0.1", 0, 1, ADMIN, registry, Map.of(), clock, limits,
                io.microscaler.config.HttpConfig.Readiness.DEFAULTS);
        vertx.deployVerticle(api).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        port = api.actualPort();
        return limits;
    }

    /** A client that asks for the stream and never reads a byte, with the smallest receive buffer. */
    private Socket neverReads() throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(1024);
        sockets.add(socket);
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", port));
        OutputStream out = socket.getOutputStream();
        out.write(("GET /api/stream HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAccept: text/event-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    /** Returns once the headers are in; the body (a stream, if served) is left to the caller. */
    private HttpResponse<InputStream> newStream() throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri("/api/stream")).build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    /** The status a new stream gets; the stream, if any, is closed at once. */
    private int probe() throws IOException, InterruptedException {
        HttpResponse<InputStream> response = newStream();
        response.body().close();
        return response.statusCode();
    }

    /**
     * Reads what the server had sent until the connection ends: true if it ends (FIN or reset). A
     * connection still open after 30 s without a byte fails the test (SocketTimeoutException).
     */
    private static boolean readsToTheEnd(Socket socket) throws IOException {
        socket.setSoTimeout(30_000);
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[64 * 1024];
        try {
            while (in.read(buffer) != -1) {
                // drain
            }
        } catch (SocketException e) {
            // reset: also the end of the connection (a timeout is not a SocketException)
        }
        return true;
    }

    private double counter(String name, String reason) {
        var search = registry.find(name);
        if (reason != null) {
            search = search.tag("reason", reason);
        }
        var counter = search.functionCounter();
        return counter == null ? -1 : counter.count();
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
