package io.microscaler.api;

import io.microscaler.bus.ServiceStatus;
import io.microscaler.config.StreamLimits;
import io.microscaler.decision.Decision;
import io.microscaler.observability.StreamMeters;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/stream}: the status page's live feed as server-sent events (see {@link StreamEvents}).
 * A new connection gets the last minutes of every service and the newest decisions, then a tick
 * each second with each service's new point and the decisions published since. Browsers reconnect
 * to a dropped stream by themselves and get the history again.
 *
 * <p>Everything runs on the API verticle's context (its HTTP server, timer and bus consumers), so
 * nothing here is shared across threads (the counters are read by the metrics scrape, hence atomic).
 *
 * <p>Bounded ({@link StreamLimits}, keys {@code http.stream.*}): at most {@code maxClients} streams;
 * at most {@code writeBufferBytes} queued per client, a client that stays full for
 * {@code slowClientTimeout} is dropped; every stream ends after {@code maxAge}. Without the last
 * bound, 64 clients that never read held every slot for good: the little a status page sends each
 * second fits in the kernel's buffers for hours, so their write queues never filled. The checks run
 * on each tick against the clock, so they are tested by moving a clock, not by waiting.
 */
final class StatusStream implements StreamMeters.Counts {

    static final Duration HISTORY = Duration.ofMinutes(5);
    static final int DECISIONS_ON_CONNECT = 200;
    /** Decisions kept between two ticks; more in one second would be a runaway loop, not news. */
    static final int MAX_PENDING_DECISIONS = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(StatusStream.class);

    private final StatusBoard board;
    private final DecisionLog decisions;
    private final boolean shadow;
    private final Map<String, ServiceTargets> targets;
    private final Clock clock;
    private final StreamLimits limits;
    private final StatusHistory history = new StatusHistory(HISTORY);
    private final List<Decision> sinceLastTick = new ArrayList<>();
    private final Map<HttpServerResponse, Client> clients = new LinkedHashMap<>();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong droppedSlow = new AtomicLong();
    private final AtomicLong endedMaxAge = new AtomicLong();

    /**
     * One open stream: when it opened, the bytes written to it that are not yet in the kernel's
     * socket buffer (counted here from each write's completion, so the bound holds whatever the
     * HTTP layer's own notion of writability), and since when that has been over the bound (-1: it
     * is not).
     */
    private static final class Client {
        final HttpConnection connection;
        final long openedAt;
        long queued;
        long fullSince = -1;

        Client(HttpConnection connection, long openedAt) {
            this.connection = connection;
            this.openedAt = openedAt;
        }
    }

    StatusStream(StatusBoard board, DecisionLog decisions, Map<String, ServiceTargets> targets, Clock clock,
                 StreamLimits limits) {
        this(board, decisions, targets, clock, limits, false);
    }

    /** @param shadow decisions are only reported ({@code actuator.mode: shadow}): they say "would set N → M" */
    StatusStream(StatusBoard board, DecisionLog decisions, Map<String, ServiceTargets> targets, Clock clock,
                 StreamLimits limits, boolean shadow) {
        this.shadow = shadow;
        this.board = board;
        this.decisions = decisions;
        this.targets = Map.copyOf(targets);
        this.clock = clock;
        this.limits = limits;
    }

    /** A decision was published: it goes out with the next tick. */
    void decision(Decision d) {
        if (sinceLastTick.size() < MAX_PENDING_DECISIONS) {
            sinceLastTick.add(d);
        }
    }

    /** Takes a point of every service on the board and sends it, with the new decisions, to every client. */
    void tick() {
        long now = clock.millis();
        List<Map<String, Object>> services = new ArrayList<>();
        for (ServiceStatus status : board.all()) {
            StatusPoint point = StatusPoint.of(status, board.healthy(status.service()), now);
            history.add(status.service(), point);
            Map<String, Object> service = StreamEvents.service(status.service(), status, targets.get(status.service()));
            service.put("point", point.toMap());
            services.add(service);
        }
        history.trim(now);
        String event = StreamEvents.event("tick", now, StreamEvents.tick(now, services, sinceLastTick, shadow));
        sinceLastTick.clear();
        for (Map.Entry<HttpServerResponse, Client> open : List.copyOf(clients.entrySet())) {
            HttpServerResponse response = open.getKey();
            Client client = open.getValue();
            if (now - client.openedAt >= limits.maxAge().toMillis()) {
                endForAge(response, client);
            } else if (full(client)) {
                holdOrDrop(response, client, now);
            } else {
                client.fullSince = -1;
                send(response, client, event);
            }
        }
    }

    /** Ended, then the connection closed: a client that never reads must not keep it after its slot. */
    private void endForAge(HttpServerResponse response, Client client) {
        clients.remove(response);
        endedMaxAge.incrementAndGet();
        if (full(client) || response.closed()) {
            response.reset();
            return;
        }
        response.end().onComplete(done -> client.connection.close());
    }

    /** A full client gets nothing more; full for longer than the timeout, it is dropped. */
    private void holdOrDrop(HttpServerResponse response, Client client, long now) {
        if (client.fullSince < 0) {
            client.fullSince = now;
        } else if (now - client.fullSince >= limits.slowClientTimeout().toMillis()) {
            LOG.debug("status stream client full for {} ms: dropping it (its browser reconnects)", now - client.fullSince);
            clients.remove(response);
            droppedSlow.incrementAndGet();
            response.reset();
        }
    }

    /** Opens a stream: headers, the history, then the client is on the tick list. */
    void open(RoutingContext ctx) {
        HttpServerResponse response = ctx.response();
        if (clients.size() >= limits.maxClients()) {
            refused.incrementAndGet();
            response.setStatusCode(503).putHeader("Retry-After", "10").end("too many status streams open (at most "
                    + limits.maxClients() + ", http.stream.maxClients)");
            return;
        }
        response.setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no"); // a proxy in front must not hold the events back
        response.closeHandler(v -> clients.remove(response));
        response.exceptionHandler(e -> clients.remove(response));
        long now = clock.millis();
        Client client = new Client(ctx.request().connection(), now);
        clients.put(response, client);
        // retry: how long a browser waits before reconnecting a dropped stream
        send(response, client, "retry: 2000\n\n" + StreamEvents.event("hello", now, hello(now)));
    }

    private Map<String, Object> hello(long now) {
        Map<String, List<StatusPoint>> points = history.all();
        // Services on the board that have no point yet too, so their decisions have a card to go to.
        Set<String> ids = new TreeSet<>(points.keySet());
        board.all().forEach(status -> ids.add(status.service()));
        List<Map<String, Object>> services = new ArrayList<>();
        for (String service : ids) {
            Map<String, Object> s = StreamEvents.service(service, board.get(service).orElse(null), targets.get(service));
            s.put("points", points.getOrDefault(service, List.of()).stream().map(StatusPoint::toMap).toList());
            services.add(s);
        }
        return StreamEvents.hello(now, history.keepSeconds(), services, decisions.newest(null, DECISIONS_ON_CONNECT), shadow);
    }

    private boolean full(Client client) {
        return client.queued > limits.writeBufferBytes();
    }

    private void send(HttpServerResponse response, Client client, String event) {
        if (response.closed()) {
            clients.remove(response);
            return;
        }
        Buffer bytes = Buffer.buffer(event);
        int length = bytes.length();
        client.queued += length;
        response.write(bytes).onComplete(written -> client.queued -= length);
    }

    /** Ends every open stream (on stop). */
    void closeAll() {
        for (HttpServerResponse client : List.copyOf(clients.keySet())) {
            if (!client.closed()) {
                client.end();
            }
        }
        clients.clear();
    }

    int clients() {
        return clients.size();
    }

    /** Streams refused because {@code maxClients} were open. */
    @Override
    public long refused() {
        return refused.get();
    }

    /** Clients dropped because their write queue stayed full for {@code slowClientTimeout}. */
    @Override
    public long droppedSlow() {
        return droppedSlow.get();
    }

    /** Streams ended because they were {@code maxAge} old. */
    @Override
    public long endedMaxAge() {
        return endedMaxAge.get();
    }
}
