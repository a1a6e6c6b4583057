package io.microscaler.demo;

import io.microscaler.ingest.DecodeResult;
import io.microscaler.ingest.EventDecoder;
import io.microscaler.ingest.IngestEvent;
import io.vertx.core.Future;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** What the demo's component tests share: a plain HTTP client, an event sink that keeps what it gets, waiting on futures. */
final class DemoTestSupport {

    static final EventDecoder DECODER = new EventDecoder(4096, 200, Duration.ofMinutes(1));

    /** HTTP/1.1, as the load balancer and browsers use it: concurrent requests open connections of their own. */
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    static CompletableFuture<HttpResponse<byte[]>> get(int port, String path) {
        return HTTP.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static HttpResponse<byte[]> getNow(int port, String path) {
        return join(get(port, path));
    }

    static <T> T join(CompletableFuture<T> f) {
        try {
            return f.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static <T> T await(Future<T> f) {
        return join(f.toCompletionStage().toCompletableFuture());
    }

    static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), java.nio.charset.StandardCharsets.UTF_8);
    }

    static ImageServerSettings settings(int workers, int queueLimit, long tileMs) {
        return new ImageServerSettings(workers, queueLimit, tileMs, 1, 0, ImageServerSettings.EventMode.REQUESTS,
                "test.requests");
    }

    /** One event as a server sent it. */
    record Sent(String topic, String key, byte[] value) {
        IngestEvent decoded() {
            DecodeResult r = DECODER.decode(EventDecoder.Stream.REQUESTS, value, Instant.now());
            if (r instanceof DecodeResult.Accepted a) {
                return a.event();
            }
            throw new AssertionError("not accepted: " + r);
        }
    }

    /** Keeps every event, from any thread. */
    static final class RecordingSink implements EventSink {
        final List<Sent> sent = new CopyOnWriteArrayList<>();

        @Override
        public void send(String topic, String key, byte[] value) {
            sent.add(new Sent(topic, key, value));
        }

        List<IngestEvent> events() {
            return sent.stream().map(Sent::decoded).toList();
        }
    }

    private DemoTestSupport() {
    }
}
