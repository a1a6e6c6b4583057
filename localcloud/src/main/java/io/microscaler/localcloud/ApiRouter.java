package io.microscaler.localcloud;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import java.util.HashMap;
import java.util.List;
import java.util.function.Consumer;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns HTTP requests into {@link AwsRequest}s, finds the {@link EmulatedApi} that serves each,
 * injects the {@link Faults} of its operation and writes the answer, every one with an
 * {@code x-amzn-RequestId}. Signatures are not verified, but the credential scope is read: it names
 * the service and the region, and a request signed for another region is refused the way AWS
 * refuses it (403 {@code InvalidSignatureException} "Credential should be scoped to a valid region").
 * An access key id starting with {@code DENIED} gets {@code AccessDeniedException}, so the caller's
 * handling of IAM refusals can be tested. {@code /_localcloud/faults} reads (GET), sets (POST) and
 * clears (DELETE) faults.
 */
final class ApiRouter implements Handler<HttpServerRequest> {

    static final String FAULTS_PATH = "/_localcloud/faults";
    /** {@code POST {"instanceId":"i-…"}}: an EC2 spot interruption warning for that instance. */
    static final String SPOT_PATH = "/_localcloud/spot-interruptions";
    /** {@code POST {"instanceId":"i-…"}}: an EC2 instance rebalance recommendation for that instance. */
    static final String REBALANCE_PATH = "/_localcloud/rebalance-recommendations";

    /**
     * The largest request body any endpoint reads, AWS or {@code /_localcloud/*}: 1 MiB. The
     * largest request the autoscaler or a test sends (RegisterTaskDefinition with a few containers)
     * is a few KiB; ECS itself refuses a task definition over 64 KiB.
     */
    static final int MAX_BODY_BYTES = 1 << 20;
    private static final Logger LOG = LoggerFactory.getLogger(ApiRouter.class);
    private static final Pattern CREDENTIAL =
            Pattern.compile("Credential=([^/,\\s]+)/[^/]+/([^/]+)/([^/]+)/aws4_request");

    private final Vertx vertx;
    private final String region;
    private final Faults faults;
    private final CallLog calls;
    private final List<EmulatedApi> apis;
    private final Consumer<String> spotInterruption;
    private final Consumer<String> rebalanceRecommendation;

    /**
     * @param spotInterruption        warns of a spot interruption of an instance; throws {@link AwsError} if it cannot
     * @param rebalanceRecommendation recommends rebalancing an instance; throws {@link AwsError} if it cannot
     */
    ApiRouter(Vertx vertx, String region, Faults faults, CallLog calls, List<EmulatedApi> apis,
              Consumer<String> spotInterruption, Consumer<String> rebalanceRecommendation) {
        this.calls = calls;
        this.vertx = vertx;
        this.spotInterruption = spotInterruption;
        this.rebalanceRecommendation = rebalanceRecommendation;
        this.region = region;
        this.faults = faults;
        this.apis = List.copyOf(apis);
    }

    @Override
    public void handle(HttpServerRequest http) {
        String requestId = UUID.randomUUID().toString();
        http.response().putHeader("x-amzn-RequestId", requestId);
        BoundedBody.read(http, MAX_BODY_BYTES, body -> {
            if (http.path().equals(FAULTS_PATH)) {
                faultsEndpoint(http, body);
            } else if (http.path().equals(SPOT_PATH)) {
                instanceEndpoint(http, body, SPOT_PATH, spotInterruption, "warned");
            } else if (http.path().equals(REBALANCE_PATH)) {
                instanceEndpoint(http, body, REBALANCE_PATH, rebalanceRecommendation, "recommended");
            } else {
                aws(http, body, requestId);
            }
        });
    }

    private void aws(HttpServerRequest http, Buffer body, String requestId) {
        Map<String, String> headers = new HashMap<>();
        http.headers().forEach(h -> headers.merge(h.getKey().toLowerCase(Locale.ROOT), h.getValue(), (a, b) -> a + "," + b));
        Matcher credential = CREDENTIAL.matcher(headers.getOrDefault("authorization", ""));
        boolean signed = credential.find();
        AwsRequest request = new AwsRequest(headers, body, signed ? credential.group(3) : "");
        EmulatedApi api = apis.stream().filter(a -> a.serves(request)).findFirst().orElse(null);
        if (api == null) {
            write(http, new AwsResponse(400, "application/json", Json.encodeToBuffer(new JsonObject()
                    .put("__type", "UnknownOperationException")
                    .put("message", "The local cloud serves ECS and Application Auto Scaling (awsJson1_1), ELBv2 and Auto Scaling"
                            + " (awsQuery); no emulated API serves "
                            + http.method() + " " + http.uri() + " with X-Amz-Target '" + headers.get("x-amz-target")
                            + "' signed for service '" + request.signingService() + "'"))));
            return;
        }
        String operation;
        try {
            operation = api.operation(request);
            calls.record(signed ? credential.group(1) : "", operation);
            refuseUnauthorised(operation, signed ? credential : null);
        } catch (AwsError e) {
            write(http, api.error(e, requestId));
            return;
        }
        Faults.Injection injection = faults.decide(operation);
        if (injection.latency().isZero()) {
            serve(http, api, request, operation, injection.fault(), requestId);
        } else {
            vertx.setTimer(injection.latency().toMillis(),
                    t -> serve(http, api, request, operation, injection.fault(), requestId));
        }
    }

    private void refuseUnauthorised(String operation, Matcher credential) {
        boolean json = jsonProtocol(operation);
        if (credential == null) {
            throw new AwsError(json ? "MissingAuthenticationTokenException" : "MissingAuthenticationToken",
                    "Missing Authentication Token", 403, true);
        }
        if (!credential.group(2).equals(region)) {
            throw new AwsError(json ? "InvalidSignatureException" : "SignatureDoesNotMatch",
                    "Credential should be scoped to a valid region, not '" + credential.group(2) + "'; the local cloud is in '"
                            + region + "'.", 403, true);
        }
        if (credential.group(1).startsWith("DENIED")) {
            throw new AwsError(json ? "AccessDeniedException" : "AccessDenied",
                    "User: arn:aws:iam::000000000000:user/" + credential.group(1) + " is not authorized to perform: "
                            + operation + " because no identity-based policy allows the " + operation + " action",
                    json ? 400 : 403, true);
        }
    }

    private void serve(HttpServerRequest http, EmulatedApi api, AwsRequest request, String operation,
            Faults.Fault fault, String requestId) {
        boolean json = jsonProtocol(operation);
        if (fault == Faults.Fault.THROTTLE) {
            write(http, api.error(new AwsError(json ? "ThrottlingException" : "Throttling", "Rate exceeded", 400, true), requestId));
            return;
        }
        if (fault == Faults.Fault.SERVER_ERROR) {
            write(http, api.error(json
                    ? new AwsError("ServerException", "Service unavailable (injected fault)", 500, false)
                    : new AwsError("ServiceUnavailable", "Service unavailable (injected fault)", 503, false), requestId));
            return;
        }
        Future<AwsResponse> answer;
        try {
            answer = api.handle(request);
        } catch (RuntimeException e) {
            answer = Future.failedFuture(e);
        }
        answer.onComplete(done -> {
            if (done.succeeded()) {
                write(http, done.result());
            } else if (done.cause() instanceof AwsError e) {
                write(http, api.error(e, requestId));
            } else {
                LOG.warn("{} failed unexpectedly (request {})", operation, requestId, done.cause());
                write(http, api.error(new AwsError("InternalFailure",
                        "The local cloud failed: " + done.cause(), 500, false), requestId));
            }
        });
    }

    /** ECS and Application Auto Scaling speak awsJson1_1 (error codes with {@code Exception}); the rest awsQuery. */
    private static boolean jsonProtocol(String operation) {
        return operation.startsWith("ecs:") || operation.startsWith("application-autoscaling:");
    }

    private void faultsEndpoint(HttpServerRequest http, Buffer body) {
        try {
            if (http.method() == HttpMethod.POST) {
                faults.apply(Json.decodeValue(body));
            } else if (http.method() == HttpMethod.DELETE) {
                faults.clearAll();
            } else if (http.method() != HttpMethod.GET) {
                writeJson(http, 405, new JsonObject().put("message", "GET, POST or DELETE " + FAULTS_PATH));
                return;
            }
            writeJson(http, 200, faults.toJson());
        } catch (DecodeException | IllegalArgumentException e) {
            writeJson(http, 400, new JsonObject().put("message", e.getMessage()));
        }
    }

    /** A control endpoint about one instance: {@code POST {"instanceId":"i-…"}}. */
    private void instanceEndpoint(HttpServerRequest http, Buffer body, String path, Consumer<String> action, String done) {
        if (http.method() != HttpMethod.POST) {
            writeJson(http, 405, new JsonObject().put("message", "POST {\"instanceId\":\"i-…\"} to " + path));
            return;
        }
        try {
            Object id = new JsonObject(body).getValue("instanceId");
            if (!(id instanceof String instanceId) || instanceId.isBlank()) {
                writeJson(http, 400, new JsonObject().put("message", "expected {\"instanceId\":\"i-…\"}, got " + body));
                return;
            }
            action.accept(instanceId);
            writeJson(http, 202, new JsonObject().put("instanceId", instanceId).put(done, true));
        } catch (DecodeException e) {
            writeJson(http, 400, new JsonObject().put("message", "not JSON: " + e.getMessage()));
        } catch (AwsError e) {
            writeJson(http, e.status() == 400 ? 404 : e.status(), new JsonObject().put("code", e.code()).put("message", e.getMessage()));
        }
    }

    private static void writeJson(HttpServerRequest http, int status, JsonObject json) {
        write(http, new AwsResponse(status, "application/json", json.toBuffer()));
    }

    private static void write(HttpServerRequest http, AwsResponse response) {
        HttpServerResponse out = http.response();
        if (out.ended() || out.closed()) {
            return;
        }
        out.setStatusCode(response.status()).putHeader("Content-Type", response.contentType()).end(response.body());
    }
}
