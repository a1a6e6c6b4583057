package io.microscaler.demo;

import io.microscaler.localcloud.HealthyTargets;
import io.microscaler.localcloud.HealthyTargets.Target;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * The demo's Application Load Balancer: an HTTP listener on a loopback port that forwards each
 * request to a healthy target of one target group, chosen by {@link LeastOutstanding}. The
 * healthy set is read per request from {@link HealthyTargets} (an immutable snapshot the ELBv2
 * emulation publishes), so a target that turns unhealthy or is deregistered stops getting
 * requests at once.
 *
 * <p>Like an ALB it answers 503 itself when no target is healthy, 502 when the target cannot be
 * reached or breaks the connection, 504 when it does not answer within the timeout. Requests are
 * buffered whole (image requests are small GETs, tiles tens of KB), over pooled keep-alive
 * connections to the targets. One verticle, one event loop: enough for thousands of requests per
 * second, and the outstanding counts need no lock.
 *
 * <p>Like an ALB's CloudWatch metrics it keeps what it saw per second ({@link #traffic()}): requests
 * received, answered 2xx and otherwise, and the latency of the 2xx answers. With traffic from
 * outside the demo (Gatling), that is the only view of the load the demo has.
 */
public final class LoadBalancer extends VerticleBase {

    /** Hop-by-hop headers (RFC 9110 §7.6.1) are the connection's, not the message's: never forwarded. */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "proxy-connection", "host",
            "content-length");

    /** The rates and p95 of {@link #traffic()} cover this many complete seconds, as the traffic generator's do. */
    static final int TRAFFIC_WINDOW_SECONDS = 5;

    private final String host;
    private final int requestedPort;
    private final String targetGroupName;
    private final HealthyTargets healthyTargets;
    private final long targetTimeoutMillis;
    private final LeastOutstanding chooser = new LeastOutstanding();

    private final LongAdder requests = new LongAdder();
    private final LongAdder responses5xx = new LongAdder();
    private final LongAdder noTarget = new LongAdder();
    private final LongAdder badGateway = new LongAdder();
    private final LongAdder timeouts = new LongAdder();
    private final Map<String, LongAdder> perTarget = new ConcurrentHashMap<>();
    private final AtomicInteger outstanding = new AtomicInteger();
    /** Confined to this verticle's event loop, as a traffic generator's are to its own. */
    private final ClientStats traffic = new ClientStats(TRAFFIC_WINDOW_SECONDS, 0);
    private final long startNanos = System.nanoTime();

    private HttpClient client;
    private volatile int port = -1;

    /**
     * @param port                the listener's port (0: any free port, see {@link #port()})
     * @param targetTimeoutMillis how long a target may take to answer (ALB's idle timeout)
     */
    public LoadBalancer(String host, int port, String targetGroupName, HealthyTargets healthyTargets,
                        long targetTimeoutMillis) {
        this.host = Objects.requireNonNull(host, "host");
        this.requestedPort = port;
        this.targetGroupName = Objects.requireNonNull(targetGroupName, "targetGroupName");
        this.healthyTargets = Objects.requireNonNull(healthyTargets, "healthyTargets");
        this.targetTimeoutMillis = targetTimeoutMillis;
    }

    @Override
    public Future<?> start() {
        // Per target up to 256 connections: more than a task's workers plus queue, so requests
        // queue in the task (where the autoscaler sees it), not in this pool.
        client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setConnectTimeout(2000),
                new PoolOptions().setHttp1MaxSize(256).setMaxWaitQueueSize(10_000));
        HttpServer server = vertx.createHttpServer().requestHandler(this::handle);
        return server.listen(requestedPort, host).onSuccess(s -> port = s.actualPort());
    }

    @Override
    public Future<?> stop() {
        return client == null ? Future.succeededFuture() : client.close();
    }

    /** The listener's port, once started. */
    public int port() {
        return port;
    }

    public LoadBalancerStats stats() {
        Map<String, Long> counts = new HashMap<>();
        perTarget.forEach((k, v) -> counts.put(k, v.sum()));
        return new LoadBalancerStats(requests.sum(), responses5xx.sum(), noTarget.sum(), badGateway.sum(),
                timeouts.sum(), Map.copyOf(counts), outstanding.get());
    }

    /** What this balancer saw per second (received, 2xx, other, latency of the 2xx); safe to call from any thread. */
    public Future<ClientSnapshot> traffic() {
        Promise<ClientSnapshot> p = Promise.promise();
        context.runOnContext(v -> p.complete(traffic.snapshot(millisSinceStart())));
        return p.future();
    }

    private long millisSinceStart() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private void handle(HttpServerRequest in) {
        requests.increment();
        long arrived = System.nanoTime();
        traffic.offered(millisSinceStart());
        Target target = chooser.choose(healthyTargets.of(targetGroupName));
        if (target == null) {
            noTarget.increment();
            recordOutcome(503, arrived);
            reply(in, 503, "no healthy target in " + targetGroupName);
            return;
        }
        chooser.started(target);
        outstanding.incrementAndGet();
        perTarget.computeIfAbsent(target.host() + ":" + target.port(), k -> new LongAdder()).increment();
        in.body()
                .compose(body -> forward(in, target, body))
                .onComplete(done -> {
                    chooser.finished(target);
                    outstanding.decrementAndGet();
                    if (done.succeeded()) {
                        Upstream up = done.result();
                        copy(up.response().headers(), in.response().headers());
                        int status = up.response().statusCode();
                        if (status >= 500) {
                            responses5xx.increment();
                        }
                        recordOutcome(status, arrived);
                        in.response().setStatusCode(status).end(up.body());
                    } else if (isTimeout(done.cause())) {
                        timeouts.increment();
                        recordOutcome(504, arrived);
                        reply(in, 504, "target " + target.host() + ":" + target.port() + " did not answer in time");
                    } else {
                        badGateway.increment();
                        recordOutcome(502, arrived);
                        reply(in, 502, "target " + target.host() + ":" + target.port() + " failed: " + done.cause());
                    }
                });
    }

    private record Upstream(HttpClientResponse response, Buffer body) {
    }

    private Future<Upstream> forward(HttpServerRequest in, Target target, Buffer body) {
        RequestOptions options = new RequestOptions().setMethod(in.method()).setHost(target.host())
                .setPort(target.port()).setURI(in.uri()).setTimeout(targetTimeoutMillis);
        copy(in.headers(), options.getHeaders() == null ? headers(options) : options.getHeaders());
        options.putHeader("X-Forwarded-For", in.remoteAddress() == null ? "" : in.remoteAddress().host());
        return client.request(options)
                .compose(out -> out.send(body))
                .compose(response -> response.body().map(b -> new Upstream(response, b)));
    }

    private static MultiMap headers(RequestOptions options) {
        MultiMap h = MultiMap.caseInsensitiveMultiMap();
        options.setHeaders(h);
        return h;
    }

    private static void copy(MultiMap from, MultiMap to) {
        from.forEach(e -> {
            if (!HOP_BY_HOP.contains(e.getKey().toLowerCase(java.util.Locale.ROOT))) {
                to.add(e.getKey(), e.getValue());
            }
        });
    }

    private static boolean isTimeout(Throwable e) {
        // Vert.x reports a request timeout as a java.util.concurrent.TimeoutException subclass.
        return e instanceof java.util.concurrent.TimeoutException
                || (e != null && e.getClass().getSimpleName().contains("Timeout"));
    }

    private void recordOutcome(int status, long arrivedNanos) {
        if (status >= 200 && status < 300) {
            traffic.succeeded(millisSinceStart(), (System.nanoTime() - arrivedNanos) / 1e6);
        } else {
            traffic.failed(millisSinceStart());
        }
    }

    private void reply(HttpServerRequest in, int status, String message) {
        if (status >= 500) {
            responses5xx.increment();
        }
        in.response().setStatusCode(status).putHeader("Content-Type", "text/plain").end(message);
    }
}
