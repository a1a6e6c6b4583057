package io.microscaler.actuate.aws;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A third-party endpoint that speaks ECS's awsJson1_1 for UpdateService and DescribeServices, with
 * injected throttling and 5xx: not the local cloud, to show the actuator assumes nothing of it.
 * Runs on its own Vert.x instance (so its work never shows on the actuator's event loops).
 */
final class EcsProtocolStub implements AutoCloseable {

    private static final String TARGET_PREFIX = "AmazonEC2ContainerServiceV20141113.";

    private final Vertx vertx = Vertx.vertx();
    private final Map<String, Integer> desired = new ConcurrentHashMap<>();
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private final List<Integer> updates = Collections.synchronizedList(new ArrayList<>());
    private final Random random = new Random(42);
    private volatile double throttleRate;
    private volatile double serverErrorRate;
    private volatile long latencyMs;
    private volatile long lastRequestNanos = System.nanoTime();
    private HttpServer server;

    static EcsProtocolStub start() throws Exception {
        EcsProtocolStub stub = new EcsProtocolStub();
        stub.server = stub.vertx.createHttpServer().requestHandler(stub::handle)
                .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        return stub;
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.actualPort());
    }

    void service(String name, int count) {
        desired.put(name, count);
    }

    void faults(double throttle, double serverError) {
        this.throttleRate = throttle;
        this.serverErrorRate = serverError;
    }

    /** Every answer (errors too) leaves this long after its request arrived. */
    void latency(java.time.Duration latency) {
        this.latencyMs = latency.toMillis();
    }

    int desired(String name) {
        return desired.get(name);
    }

    /** True if no request arrived for this long. */
    boolean quietFor(java.time.Duration quiet) {
        return System.nanoTime() - lastRequestNanos > quiet.toNanos();
    }

    /** Forgets the requests and updates seen so far. */
    void resetLog() {
        requests.clear();
        updates.clear();
    }

    /** Every request, as its operation name. */
    List<String> requests() {
        return List.copyOf(requests);
    }

    /** The desiredCount of every UpdateService that reached the service (not faulted). */
    List<Integer> updates() {
        return List.copyOf(updates);
    }

    private void handle(HttpServerRequest request) {
        lastRequestNanos = System.nanoTime();
        request.pause();
        if (latencyMs > 0) {
            vertx.setTimer(latencyMs, id -> answer(request));
        } else {
            answer(request);
        }
    }

    private void answer(HttpServerRequest request) {
        request.resume();
        request.body().onSuccess(body -> {
            String target = request.getHeader("X-Amz-Target");
            String op = target == null ? "" : target.replace(TARGET_PREFIX, "");
            requests.add(op);
            if (request.getHeader("Authorization") == null || !request.getHeader("Authorization").startsWith("AWS4-HMAC-SHA256")) {
                error(request, 403, "MissingAuthenticationTokenException", "requests must be signed");
                return;
            }
            double roll;
            synchronized (random) {
                roll = random.nextDouble();
            }
            if (roll < throttleRate) {
                error(request, 400, "ThrottlingException", "Rate exceeded");
                return;
            }
            if (roll < throttleRate + serverErrorRate) {
                error(request, 500, "ServerException", "injected server error");
                return;
            }
            JsonObject in = body.toJsonObject();
            switch (op) {
                case "UpdateService" -> {
                    String name = in.getString("service");
                    if (!desired.containsKey(name)) {
                        error(request, 400, "ServiceNotFoundException", "Service not found.");
                        return;
                    }
                    int count = in.getInteger("desiredCount");
                    updates.add(count);
                    desired.put(name, count);
                    ok(request, new JsonObject().put("service", service(name)));
                }
                case "DescribeServices" -> {
                    JsonArray services = new JsonArray();
                    JsonArray failures = new JsonArray();
                    for (Object n : in.getJsonArray("services")) {
                        String name = (String) n;
                        if (desired.containsKey(name)) {
                            services.add(service(name));
                        } else {
                            failures.add(new JsonObject().put("arn", "arn:aws:ecs:eu-west-1:1:service/" + name)
                                    .put("reason", "MISSING"));
                        }
                    }
                    ok(request, new JsonObject().put("services", services).put("failures", failures));
                }
                default -> error(request, 400, "InvalidAction", "not served here: " + op);
            }
        });
    }

    private JsonObject service(String name) {
        int n = desired.get(name);
        return new JsonObject().put("serviceName", name).put("status", "ACTIVE")
                .put("desiredCount", n).put("runningCount", n).put("pendingCount", 0);
    }

    private static void ok(HttpServerRequest request, JsonObject body) {
        request.response().putHeader("Content-Type", "application/x-amz-json-1.1").end(body.encode());
    }

    private static void error(HttpServerRequest request, int status, String type, String message) {
        request.response().setStatusCode(status).putHeader("Content-Type", "application/x-amz-json-1.1")
                .putHeader("x-amzn-ErrorType", type)
                .end(new JsonObject().put("__type", type).put("message", message).encode());
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
