package io.microscaler.demo;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.Objects;
import java.util.Random;

/**
 * Offers the scenario's load to the load balancer, open loop: a request is sent when the
 * scenario says it arrives, whether or not earlier ones have been answered. A slow system gets
 * the same offered load, as it would from real users, so its latency grows and the autoscaler sees
 * it; a closed loop (each user waiting for its answer) would slow down with the system and hide
 * the overload.
 *
 * <p>Every {@link TrafficSettings#tick} it asks {@link Arrivals} how many requests arrived since
 * the last tick at the scenario's current rate, measured on its own monotonic clock, and sends
 * them with paths from {@link DeepZoom}. It records, in {@link ClientStats}, what users would see.
 * State is confined to this verticle's event loop; {@link #snapshot()} reads it there.
 */
public final class TrafficGenerator extends VerticleBase {

    private final Scenario scenario;
    private final TrafficSettings settings;
    private final Arrivals arrivals;
    private final DeepZoom paths;

    private HttpClient client;
    private ClientStats stats;
    private long startNanos;
    private long lastTickNanos;
    private long timer = -1;
    private int outstanding;

    public TrafficGenerator(Scenario scenario, TrafficSettings settings) {
        this.scenario = Objects.requireNonNull(scenario, "scenario");
        this.settings = Objects.requireNonNull(settings, "settings");
        Random random = new Random(settings.seed());
        this.arrivals = new Arrivals(settings.arrivals(), random);
        this.paths = new DeepZoom(random);
    }

    @Override
    public Future<?> start() {
        // As many connections as requests may be outstanding: HTTP/1.1 carries one request at a
        // time per connection, and a wait for a pooled connection here would be the client's
        // queue, not the system's.
        client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setConnectTimeout(5000)
                        .setDefaultHost(settings.host()).setDefaultPort(settings.port()),
                new PoolOptions().setHttp1MaxSize(settings.maxOutstanding()));
        startNanos = System.nanoTime();
        lastTickNanos = startNanos;
        stats = new ClientStats(settings.windowSeconds(), 0);
        timer = vertx.setPeriodic(settings.tick().toMillis(), id -> tick());
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        return client == null ? Future.succeededFuture() : client.close();
    }

    /** What users saw so far; safe to call from any thread (it runs on the generator's context). */
    public Future<ClientSnapshot> snapshot() {
        Promise<ClientSnapshot> p = Promise.promise();
        context.runOnContext(v -> p.complete(stats.snapshot(millisSinceStart(System.nanoTime()))));
        return p.future();
    }

    /**
     * How long the generator had run at its last tick, with what users saw by then: with
     * {@link Arrivals.Mode#EVEN} and a steady rate r, exactly ⌊r × elapsed⌋ requests have been
     * offered. Safe to call from any thread.
     */
    public Future<Progress> progress() {
        Promise<Progress> p = Promise.promise();
        context.runOnContext(v -> p.complete(new Progress(Duration.ofNanos(lastTickNanos - startNanos),
                stats.snapshot(millisSinceStart(lastTickNanos)))));
        return p.future();
    }

    /** See {@link #progress()}. */
    public record Progress(Duration elapsed, ClientSnapshot clients) {
    }

    private void tick() {
        long now = System.nanoTime();
        // The rate at the tick's start, times the tick's actual length: a late tick makes up for itself.
        double rate = scenario.rateAt(Duration.ofNanos(lastTickNanos - startNanos));
        int n = arrivals.next(rate, now - lastTickNanos);
        lastTickNanos = now;
        long nowMs = millisSinceStart(now);
        for (int i = 0; i < n; i++) {
            stats.offered(nowMs);
            if (outstanding >= settings.maxOutstanding()) {
                stats.dropped(nowMs);
            } else {
                send(paths.nextPath());
            }
        }
    }

    private void send(String path) {
        long sent = System.nanoTime();
        outstanding++;
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setURI(path)
                .setTimeout(settings.requestTimeout().toMillis());
        client.request(options)
                .compose(request -> request.send())
                .compose(response -> response.body().map(body -> response.statusCode()))
                .onComplete(done -> {
                    outstanding--;
                    long now = System.nanoTime();
                    if (done.succeeded() && done.result() >= 200 && done.result() < 300) {
                        stats.succeeded(millisSinceStart(now), (now - sent) / 1e6);
                    } else {
                        stats.failed(millisSinceStart(now));
                    }
                });
    }

    private long millisSinceStart(long nanos) {
        return (nanos - startNanos) / 1_000_000;
    }
}
