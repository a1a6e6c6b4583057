package io.microscaler.demo;

import io.microscaler.demo.WorkerPool.Admission;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One ECS task of the demo's image service: a IIIF image server on a loopback port of its own.
 * A verticle, so each server lives on one event loop and its state needs no lock.
 *
 * <p>It renders nothing: a render is a Vert.x timer of the render's duration, started when one
 * of the task's {@link WorkerPool workers} is free. That gives real queueing without burning CPU,
 * so a laptop can run twenty "tasks" whose latency grows with load as real ones do. The latency
 * it reports is measured here, from the request's arrival to the response, as a server's access
 * log would: it includes the wait for a worker, not the network.
 *
 * <p>Each request (not /health: health checks are not traffic) becomes a request event, or goes
 * into a per-second summary, in {@link ImageServerSettings#eventMode}. Summaries are sent every
 * second even when idle: a heartbeat says "no traffic", silence would say "no data". With request
 * events the server still sends a summary each second, of no requests, carrying what is waiting
 * for a worker ({@code queued}): requests still queued are in no request event yet, and at a
 * spike's onset they are the first sign of it.
 */
public final class ImageServer extends VerticleBase {

    private static final Buffer HEALTHY = Buffer.buffer("ok");
    private static final Buffer DRAINING = Buffer.buffer("draining");
    private static final Buffer BUSY = Buffer.buffer("busy: every worker is rendering and the queue is full");

    private final String service;
    private final String taskId;
    private final ImageServerSettings settings;
    private final EventSink events;
    private final Clock clock;
    private final SplittableRandom random;
    private final WorkerPool<Render> pool;
    private final ServerTally tally = new ServerTally();

    private final AtomicLong served = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private volatile int port = -1;
    private volatile int inFlight;
    private String listenHost = "127.0.0.1";
    private int listenPort;

    private HttpServer server;
    private long summaryTimer = -1;
    private boolean draining;
    private Promise<Void> drained;

    /** A request admitted for rendering, waiting for or holding a worker. */
    private record Render(HttpServerRequest request, long arrivedNanos, boolean tile, String id, long startedNanos) {

        Render(HttpServerRequest request, long arrivedNanos, boolean tile, String id) {
            this(request, arrivedNanos, tile, id, arrivedNanos);
        }

        /** The render as it leaves the queue for a worker: its time at work counts from here. */
        Render started() {
            return new Render(request, arrivedNanos, tile, id, System.nanoTime());
        }
    }

    public ImageServer(String service, String taskId, ImageServerSettings settings, EventSink events) {
        this(service, taskId, settings, events, Clock.systemUTC(), new SplittableRandom());
    }

    /** @param clock for the events' timestamps; {@code random} for render times */
    public ImageServer(String service, String taskId, ImageServerSettings settings, EventSink events, Clock clock,
                       SplittableRandom random) {
        this.service = Objects.requireNonNull(service, "service");
        this.taskId = Objects.requireNonNull(taskId, "taskId");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.events = Objects.requireNonNull(events, "events");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.pool = new WorkerPool<>(settings.workers(), settings.queueLimit());
    }

    /**
     * Listens on this address and port instead of a free port on 127.0.0.1: an awsvpc task (every
     * Fargate task) has a loopback address of its own and serves on its container port. Call before deploying.
     */
    public ImageServer listenOn(String host, int port) {
        this.listenHost = Objects.requireNonNull(host, "host");
        this.listenPort = port;
        return this;
    }

    @Override
    public Future<?> start() {
        server = vertx.createHttpServer().requestHandler(this::handle);
        return server.listen(listenPort, listenHost).onSuccess(s -> {
            port = s.actualPort();
            summaryTimer = vertx.setPeriodic(ImageServerSettings.SUMMARY_INTERVAL_MS, id -> sendSummary());
        });
    }

    @Override
    public Future<?> stop() {
        if (summaryTimer >= 0) {
            vertx.cancelTimer(summaryTimer);
            sendSummary(); // the last, partial interval, so that no completed request goes unreported
        }
        return server == null ? Future.succeededFuture() : server.close();
    }

    /** The port it listens on (loopback), once started; the task's dynamic host port. */
    public int port() {
        return port;
    }

    /**
     * Stops taking work, as a container that traps SIGTERM does: new requests get 503 (and
     * /health too, so health checks fail), admitted ones are finished. Completes when none is
     * left or after {@code grace}, whichever comes first. Safe to call from any thread.
     */
    public Future<Void> drain(Duration grace) {
        Promise<Void> done = Promise.promise();
        context.runOnContext(v -> {
            draining = true;
            if (drained == null) {
                drained = Promise.promise();
                if (pool.inFlight() == 0) {
                    drained.tryComplete();
                } else {
                    vertx.setTimer(Math.max(1, grace.toMillis()), id -> drained.tryComplete());
                }
            }
            drained.future().onComplete(done);
        });
        return done.future();
    }

    /** Requests answered (any status, not /health). */
    public long served() {
        return served.get();
    }

    /** Requests refused with 503 because the queue was full. */
    public long rejected() {
        return rejected.get();
    }

    /** Renders running or waiting now. */
    public int inFlight() {
        return inFlight;
    }

    private void handle(HttpServerRequest request) {
        long arrived = System.nanoTime();
        if (request.method() != HttpMethod.GET && request.method() != HttpMethod.HEAD) {
            respond(request, arrived, 405, Buffer.buffer("only GET"), "text/plain");
            return;
        }
        IiifRoute route = IiifRoute.of(request.path());
        if (route instanceof IiifRoute.Health) {
            // Not traffic: no event. Draining answers 503 so the load balancer stops sending.
            request.response().setStatusCode(draining ? 503 : 200).end(draining ? DRAINING : HEALTHY);
        } else if (route instanceof IiifRoute.BadRequest bad) {
            respond(request, arrived, 400, Buffer.buffer(bad.reason()), "text/plain");
        } else if (route instanceof IiifRoute.NotFound) {
            respond(request, arrived, 404, Buffer.buffer("no such route: " + request.path()), "text/plain");
        } else if (draining) {
            request.response().putHeader(HttpHeaders.CONNECTION, "close");
            respond(request, arrived, 503, DRAINING, "text/plain");
        } else if (route instanceof IiifRoute.Info info) {
            admit(new Render(request, arrived, false, info.id()));
        } else if (route instanceof IiifRoute.Tile tile) {
            admit(new Render(request, arrived, true, tile.id()));
        }
    }

    private void admit(Render render) {
        Admission admission = pool.offer(render);
        inFlight = pool.inFlight();
        if (admission == Admission.STARTED) {
            start(render);
        } else if (admission == Admission.REJECTED) {
            rejected.incrementAndGet();
            render.request().response().putHeader("Retry-After", "1");
            respond(render.request(), render.arrivedNanos(), 503, BUSY, "text/plain");
        }
    }

    private void start(Render queued) {
        Render render = queued.started();
        long millis = settings.renderMillis(render.tile(), random.nextDouble());
        if (millis < 1) {
            finish(render); // setTimer needs ≥ 1 ms
        } else {
            vertx.setTimer(millis, id -> finish(render));
        }
    }

    private void finish(Render render) {
        HttpServerRequest request = render.request();
        if (render.tile()) {
            respond(request, render.arrivedNanos(), render.startedNanos(), 200, FakeImages.tile(request.path()), "image/jpeg");
        } else {
            String base = "http://" + request.authority();
            respond(request, render.arrivedNanos(), render.startedNanos(), 200, FakeImages.info(base, render.id()),
                    "application/json");
        }
        Render next = pool.finish();
        inFlight = pool.inFlight();
        if (next != null) {
            start(next);
        }
        if (draining && pool.inFlight() == 0 && drained != null) {
            drained.tryComplete();
        }
    }

    /**
     * An answer no worker rendered (refused, bad route, draining): it reports no time at work, so
     * that instant refusals do not pass for fast renders.
     */
    private void respond(HttpServerRequest request, long arrivedNanos, int status, Buffer body, String contentType) {
        respond(request, arrivedNanos, NOT_RENDERED, status, body, contentType);
    }

    /** {@code startedNanos} of an answer no worker rendered. */
    private static final long NOT_RENDERED = Long.MIN_VALUE;

    /** @param startedNanos when a worker took the request: latency less its queue wait is its time at work */
    private void respond(HttpServerRequest request, long arrivedNanos, long startedNanos, int status, Buffer body,
                         String contentType) {
        // The client may have gone; the request still counts as served by this server.
        request.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, contentType).end(body);
        long now = System.nanoTime();
        long latencyMs = Math.round((now - arrivedNanos) / 1e6);
        long serviceMs = startedNanos == NOT_RENDERED ? EventJson.UNREPORTED
                : Math.min(latencyMs, Math.round((now - startedNanos) / 1e6));
        served.incrementAndGet();
        if (settings.eventMode() == ImageServerSettings.EventMode.REQUESTS) {
            events.send(settings.topic(), service,
                    EventJson.request(service, clock.millis(), latencyMs, serviceMs, status, body.length(), taskId));
        } else {
            tally.record(latencyMs, serviceMs, status);
        }
    }

    /** The interval's roll-up, or with request events the heartbeat: no requests, and the backlog. */
    private void sendSummary() {
        ServerTally.Interval interval = tally.close(pool.inFlight(), pool.queued()); // empty with request events
        events.send(settings.topic(), service,
                EventJson.summary(service, clock.millis(), ImageServerSettings.SUMMARY_INTERVAL_MS, interval));
    }

    @Override
    public String toString() {
        return "image server " + service + "/" + taskId + " on port " + port;
    }
}
