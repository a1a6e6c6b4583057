package io.microscaler.api;

import io.microscaler.bus.ServiceStatus;
import io.microscaler.decision.Decision;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /api/stream}: the status page's live feed as server-sent events (see {@link StreamEvents}).
 * A new connection gets the last minutes of every service and the newest decisions, then a tick
 * each second with each service's new point and the decisions published since. Browsers reconnect
 * to a dropped stream by themselves and get the history again.
 *
 * <p>Everything runs on the API verticle's context (its HTTP server, timer and bus consumers), so
 * nothing here is shared across threads. A client that cannot keep up (its write queue is full) is
 * disconnected rather than buffered without bound; its browser reconnects.
 */
final class StatusStream {

    static final Duration HISTORY = Duration.ofMinutes(5);
    static final int DECISIONS_ON_CONNECT = 200;
    static final int MAX_CLIENTS = 64;
    /** Decisions kept between two ticks; more in one second would be a runaway loop, not news. */
    static final int MAX_PENDING_DECISIONS = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(StatusStream.class);

    private final StatusBoard board;
    private final DecisionLog decisions;
    private final Map<String, ServiceTargets> targets;
    private final Clock clock;
    private final StatusHistory history = new StatusHistory(HISTORY);
    private final List<Decision> sinceLastTick = new ArrayList<>();
    private final Set<HttpServerResponse> clients = new LinkedHashSet<>();

    StatusStream(StatusBoard board, DecisionLog decisions, Map<String, ServiceTargets> targets, Clock clock) {
        this.board = board;
        this.decisions = decisions;
        this.targets = Map.copyOf(targets);
        this.clock = clock;
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
        String event = StreamEvents.event("tick", now, StreamEvents.tick(now, services, sinceLastTick));
        sinceLastTick.clear();
        for (HttpServerResponse client : List.copyOf(clients)) {
            send(client, event);
        }
    }

    /** Opens a stream: headers, the history, then the client is on the tick list. */
    void open(RoutingContext ctx) {
        HttpServerResponse response = ctx.response();
        if (clients.size() >= MAX_CLIENTS) {
            response.setStatusCode(503).putHeader("Retry-After", "10").end("too many status streams open (at most "
                    + MAX_CLIENTS + ")");
            return;
        }
        response.setChunked(true)
                .putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-cache")
                .putHeader("X-Accel-Buffering", "no"); // a proxy in front must not hold the events back
        response.closeHandler(v -> clients.remove(response));
        response.exceptionHandler(e -> clients.remove(response));
        clients.add(response);
        long now = clock.millis();
        // retry: how long a browser waits before reconnecting a dropped stream
        send(response, "retry: 2000\n\n" + StreamEvents.event("hello", now, hello(now)));
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
        return StreamEvents.hello(now, history.keepSeconds(), services, decisions.newest(null, DECISIONS_ON_CONNECT));
    }

    private void send(HttpServerResponse client, String event) {
        if (client.closed()) {
            clients.remove(client);
            return;
        }
        if (client.writeQueueFull()) {
            LOG.debug("status stream client too slow: disconnecting it (its browser reconnects)");
            clients.remove(client);
            client.reset();
            return;
        }
        client.write(event);
    }

    /** Ends every open stream (on stop). */
    void closeAll() {
        for (HttpServerResponse client : List.copyOf(clients)) {
            if (!client.closed()) {
                client.end();
            }
        }
        clients.clear();
    }

    int clients() {
        return clients.size();
    }
}
