package io.microscaler.api;

import io.microscaler.admin.AdminBoard;
import io.microscaler.audit.DecisionJson;
import io.microscaler.bus.Addresses;
import io.microscaler.bus.CapacityObserved;
import io.microscaler.bus.OwnershipChange;
import io.microscaler.bus.ProblemReport;
import io.microscaler.bus.ServiceProblem;
import io.microscaler.bus.ServiceStatus;
import io.microscaler.bus.ServiceStatuses;
import io.microscaler.config.AdminConfig;
import io.microscaler.config.ConfigLoader;
import io.microscaler.config.HttpConfig;
import io.microscaler.config.StreamLimits;
import io.microscaler.decision.Decision;
import io.microscaler.observability.ServiceGauges;
import io.microscaler.observability.StreamMeters;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP interface (docs/design.md section 9): health, Prometheus metrics, services and decisions,
 * and the live status page at {@code /} (static files from the jar's {@code webroot}, fed by
 * {@link StatusStream} on {@code /api/stream}). It keeps its own view of the loop from the event
 * bus, so no handler reaches into another verticle's state.
 */
public final class ApiVerticle extends VerticleBase {

    private static final Logger LOG = LoggerFactory.getLogger(ApiVerticle.class);
    private static final int MAX_DECISIONS = 1_000;
    /** A check in flight is abandoned after this at shutdown. */
    private static final Duration ADMIN_CLOSE = Duration.ofSeconds(1);
    private static final long STREAM_TICK_MS = 1_000;

    private final String host;
    private final int port;
    private final int ingestInstances;
    private final Map<String, String> adminProperties;
    private final PrometheusMeterRegistry registry;
    private final StatusBoard board = new StatusBoard();
    private final DecisionLog decisions = new DecisionLog(MAX_DECISIONS);
    private final ServiceGauges gauges;
    private final Map<String, ServiceTargets> targets;
    private final Clock clock;
    private final StatusStream stream;
    private long streamTimer = -1;
    private final HttpConfig.Readiness readiness;
    private final Actuation actuation;
    private final AdminRoutes adminRoutes;
    private Admin admin;
    private HttpServer server;
    /** Owned by this verticle's context: checks complete there, handlers read it there. */
    private BrokerReachability broker = BrokerReachability.UNKNOWN;
    /** The actuator's problems, as last published; owned by this verticle's context. */
    private ProblemReport problems = ProblemReport.NONE;
    private long brokerTimer = -1;
    private boolean stopping;

    public ApiVerticle(String host, int port, int ingestInstances, Map<String, String> adminProperties,
                       PrometheusMeterRegistry registry) {
        this(host, port, ingestInstances, adminProperties, registry, Map.of(), Clock.systemUTC());
    }

    /** With the default bounds of the status page's stream and the default broker checks. */
    public ApiVerticle(String host, int port, int ingestInstances, Map<String, String> adminProperties,
                       PrometheusMeterRegistry registry, Map<String, ServiceTargets> targets, Clock clock) {
        this(host, port, ingestInstances, adminProperties, registry, targets, clock,
                ConfigLoader.defaults().http().stream(), HttpConfig.Readiness.DEFAULTS);
    }

    /**
     * @param targets      each service's configured latency target and task bounds, for the status page
     * @param clock        stamps the status page's points, and times the stream's bounds
     * @param streamLimits the bounds of {@code /api/stream} ({@code http.stream.*})
     * @param readiness    how often and how patiently the broker is checked for {@code /health/ready}
     */
    public ApiVerticle(String host, int port, int ingestInstances, Map<String, String> adminProperties,
                       PrometheusMeterRegistry registry, Map<String, ServiceTargets> targets, Clock clock,
                       StreamLimits streamLimits, HttpConfig.Readiness readiness) {
        this(host, port, ingestInstances, adminProperties, registry, targets, clock, streamLimits, readiness,
                Actuation.ACT);
    }

    /** @param actuation what the actuator does with decisions, shown per service (shadow: "would set N → M") */
    public ApiVerticle(String host, int port, int ingestInstances, Map<String, String> adminProperties,
                       PrometheusMeterRegistry registry, Map<String, ServiceTargets> targets, Clock clock,
                       StreamLimits streamLimits, HttpConfig.Readiness readiness, Actuation actuation) {
        this(host, port, ingestInstances, adminProperties, registry, targets, clock, streamLimits, readiness, actuation,
                null, null);
    }

    /**
     * @param admin     the admin API's tokens; null or none turn it off (its routes answer 404)
     * @param overrides the services' pauses and pins, shown in {@code /api/services}
     */
    public ApiVerticle(String host, int port, int ingestInstances, Map<String, String> adminProperties,
                       PrometheusMeterRegistry registry, Map<String, ServiceTargets> targets, Clock clock,
                       StreamLimits streamLimits, HttpConfig.Readiness readiness, Actuation actuation,
                       AdminConfig admin, AdminBoard overrides) {
        this.adminRoutes = admin == null || overrides == null ? AdminRoutes.off(targets.keySet(), clock)
                : new AdminRoutes(admin, targets.keySet(), overrides, clock);
        this.actuation = actuation;
        this.readiness = readiness;
        this.targets = Map.copyOf(targets);
        this.clock = clock;
        this.stream = new StatusStream(board, decisions, targets, clock, streamLimits, actuation == Actuation.SHADOW);
        StreamMeters.register(registry, stream);
        this.host = host;
        this.port = port;
        this.ingestInstances = ingestInstances;
        this.adminProperties = Map.copyOf(adminProperties);
        this.registry = registry;
        this.gauges = new ServiceGauges(registry, board::get);
    }

    @Override
    public Future<?> start() {
        var bus = vertx.eventBus();
        bus.<ServiceStatuses>localConsumer(Addresses.STATUS, m -> {
            for (ServiceStatus status : m.body().statuses()) {
                board.update(status);
                gauges.ensure(status);
            }
        });
        bus.<OwnershipChange>localConsumer(Addresses.OWNERSHIP, m -> board.ownership(m.body()));
        Addresses.ANNOUNCED.forEach(address -> bus.<Decision>localConsumer(address, m -> {
            decisions.add(m.body());
            stream.decision(m.body());
        }));
        bus.<CapacityObserved>localConsumer(Addresses.CAPACITY, m -> board.capacity(m.body()));
        bus.<ProblemReport>localConsumer(Addresses.PROBLEMS, m -> problems = m.body());
        streamTimer = vertx.setPeriodic(STREAM_TICK_MS, id -> stream.tick());

        Router router = Router.router(vertx);
        router.get("/health/live").handler(ctx -> json(ctx, 200, new JsonObject().put("status", "UP")));
        router.get("/health/ready").handler(this::ready);
        router.get("/metrics").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                .end(registry.scrape()));
        router.get("/api/services").handler(ctx -> json(ctx, 200, services()));
        router.get("/api/decisions").handler(this::decisions);
        router.get("/api/stream").handler(stream::open);
        adminRoutes.mount(router, vertx);
        // The status page: index.html, its script and style, from the jar (no CDN, no build step)
        router.get("/*").handler(StaticHandler.create("webroot").setMaxAgeSeconds(60));
        // Admin.create resolves the bootstrap addresses (DNS): not on an event loop.
        return vertx.executeBlocking(() -> Admin.create(new HashMap<String, Object>(adminProperties)))
                .compose(created -> {
                    admin = created;
                    checkBroker();
                    return vertx.createHttpServer().requestHandler(router).listen(port, host);
                })
                .onSuccess(s -> {
                    server = s;
                    LOG.info("HTTP API on http://{}:{}, live status page at /", host, s.actualPort());
                });
    }

    /** The port actually bound (useful with port 0). */
    public int actualPort() {
        return server.actualPort();
    }

    /**
     * One broker check: a DescribeCluster that gives up after the check timeout (without it, the
     * admin client's default API timeout of 60 s kept a dead broker "reachable" for a minute). The
     * next check starts an interval after this one ends, so checks never pile up on a dead broker.
     * The answer comes back on this verticle's context, which owns {@link #broker}.
     */
    private void checkBroker() {
        var options = new DescribeClusterOptions().timeoutMs((int) readiness.brokerCheckTimeout().toMillis());
        Future.fromCompletionStage(admin.describeCluster(options).clusterId().toCompletionStage(), context)
                .onComplete(r -> {
                    if (stopping) {
                        return;
                    }
                    BrokerReachability next = r.succeeded() ? broker.succeeded()
                            : broker.failed(describe(r.cause()), readiness.brokerFailures());
                    // A change, or the first failure of a broker that never answered (else a broker
                    // unreachable from the start would go unmentioned)
                    if (next.reachable() != broker.reachable() || (broker.equals(BrokerReachability.UNKNOWN) && r.failed())) {
                        if (next.reachable()) {
                            LOG.info("Kafka broker reachable (cluster {}): ready once the consumers have partitions", r.result());
                        } else {
                            LOG.warn("{}: /health/ready is 503 until a check succeeds", next.reason().orElseThrow());
                        }
                    }
                    broker = next;
                    brokerTimer = vertx.setTimer(readiness.brokerCheckInterval().toMillis(), id -> checkBroker());
                });
    }

    private static String describe(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    private void ready(RoutingContext ctx) {
        int assigned = board.assignedOwners();
        boolean consumers = assigned >= ingestInstances;
        // A misconfigured service is named in the details but leaves the process ready: it still
        // scales the others. Only when every service it reads has a problem is it of no use: 503
        // (docs/operations.md, "Misconfiguration").
        boolean servicesFailing = problems.allFailing();
        boolean ready = broker.reachable() && consumers && !servicesFailing;
        var reasons = new JsonArray();
        broker.reason().ifPresent(reasons::add);
        if (!consumers) {
            reasons.add(assigned + " of " + ingestInstances + " ingest consumers have partitions");
        }
        if (servicesFailing) {
            reasons.add("every service read here (" + problems.read().size() + ") has a problem: "
                    + String.join(", ", new java.util.TreeSet<>(problems.read())));
        }
        var details = new JsonArray();
        problems.problems().values().stream().sorted(java.util.Comparator.comparing(ServiceProblem::service))
                .forEach(p -> details.add(new JsonObject().put("service", p.service()).put("cause", p.cause())
                        .put("message", p.message()).put("since", p.since().toString())));
        json(ctx, ready ? 200 : 503, new JsonObject()
                .put("status", ready ? "UP" : "DOWN")
                .put("brokerReachable", broker.reachable())
                .put("consumersAssigned", assigned)
                .put("consumersExpected", ingestInstances)
                .put("reasons", reasons)
                .put("servicesRead", problems.read().size())
                .put("problems", details));
    }

    /**
     * Every configured service from the start (state {@code no-data} until an owner here reports on
     * it), and any other service an owner reports on, by id; each with its problem, if any.
     */
    private List<Map<String, Object>> services() {
        Map<String, Map<String, Object>> byId = new java.util.TreeMap<>();
        targets.keySet().forEach(id -> byId.put(id, ServiceStatusJson.noData(id, board.observed(id).orElse(null),
                board.healthy(id), targets.get(id), actuation)));
        board.all().forEach(s -> byId.put(s.service(), ServiceStatusJson.toMap(s, board.healthy(s.service()),
                targets.get(s.service()), actuation, board.observed(s.service()).map(CapacityObserved::capacity).orElse(null))));
        byId.forEach((id, m) -> ServiceStatusJson.withProblem(m, problems.problems().get(id)));
        Instant now = clock.instant();
        byId.forEach((id, m) -> ServiceStatusJson.withSchedules(m, targets.get(id), now));
        byId.forEach((id, m) -> adminRoutes.overrides(m, id));
        return List.copyOf(byId.values());
    }

    private void decisions(RoutingContext ctx) {
        String service = ctx.request().getParam("service");
        int limit;
        try {
            limit = Integer.parseInt(ctx.request().getParam("limit", "100"));
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > MAX_DECISIONS) {
            json(ctx, 400, new JsonObject().put("error",
                    "limit must be a whole number from 1 to " + MAX_DECISIONS + ", but was '" + ctx.request().getParam("limit") + "'"));
            return;
        }
        List<Map<String, Object>> out = decisions.newest(service, limit).stream()
                .map(d -> DecisionJson.toMap(d, actuation == Actuation.SHADOW)).toList();
        json(ctx, 200, out);
    }

    private static void json(RoutingContext ctx, int status, Object body) {
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(Json.encode(body));
    }

    @Override
    public Future<?> stop() {
        stopping = true;
        vertx.cancelTimer(brokerTimer);
        vertx.cancelTimer(streamTimer);
        stream.closeAll();
        if (admin == null) {
            return Future.succeededFuture();
        }
        // Admin.close waits for its thread (and for a check in flight, up to the bound): on a worker.
        return vertx.executeBlocking(() -> {
            admin.close(ADMIN_CLOSE);
            return null;
        });
    }
}
