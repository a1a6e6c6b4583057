package io.microscaler.localcloud.query;

import io.microscaler.localcloud.AwsError;
import io.microscaler.localcloud.AwsRequest;
import io.microscaler.localcloud.AwsResponse;
import io.microscaler.localcloud.EmulatedApi;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A test-only stand-in for the local cloud's router: serves the given APIs over HTTP on loopback,
 * on one context, as the real router does: finds the API that serves a request, injects a fault set
 * for its operation, handles it, and writes an {@link AwsError} in the API's error shape.
 */
public final class QueryTestServer extends VerticleBase {

    private static final Pattern SCOPE = Pattern.compile("Credential=[^/]+/[^/]+/[^/]+/([^/]+)/aws4_request");

    private final Function<Vertx, List<EmulatedApi>> apis;
    private final Map<String, AwsError> faults = new ConcurrentHashMap<>();
    private List<EmulatedApi> started;
    private HttpServer server;

    /** @param apis builds the APIs on the server's context */
    public QueryTestServer(Function<Vertx, List<EmulatedApi>> apis) {
        this.apis = apis;
    }

    @Override
    public Future<?> start() {
        started = apis.apply(vertx);
        server = vertx.createHttpServer().requestHandler(this::serve);
        return server.listen(0, "127.0.0.1");
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.actualPort());
    }

    public Context context() {
        return context;
    }

    @SuppressWarnings("unchecked")
    public <T extends EmulatedApi> T api(Class<T> type) {
        return (T) started.stream().filter(type::isInstance).findFirst().orElseThrow();
    }

    /** Every later call of {@code operation} (e.g. {@code elbv2:RegisterTargets}) fails with the error. */
    public void fault(String operation, AwsError error) {
        faults.put(operation, error);
    }

    public void clearFaults() {
        faults.clear();
    }

    private void serve(HttpServerRequest http) {
        http.body().onSuccess(body -> {
            Map<String, String> headers = new HashMap<>();
            http.headers().forEach(e -> headers.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue()));
            String auth = headers.getOrDefault("authorization", "");
            Matcher m = SCOPE.matcher(auth);
            AwsRequest request = new AwsRequest(headers, body, m.find() ? m.group(1) : "");
            String requestId = UUID.randomUUID().toString();
            EmulatedApi api = started.stream().filter(a -> a.serves(request)).findFirst().orElse(null);
            if (api == null) {
                http.response().setStatusCode(404).end("no emulated API serves this request");
                return;
            }
            Future<AwsResponse> response;
            try {
                AwsError fault = faults.get(api.operation(request));
                response = fault != null ? Future.failedFuture(fault) : api.handle(request);
            } catch (AwsError e) {
                response = Future.failedFuture(e);
            }
            response.recover(e -> e instanceof AwsError error
                            ? Future.succeededFuture(api.error(error, requestId))
                            : Future.succeededFuture(new AwsResponse(500, "text/plain", Buffer.buffer(String.valueOf(e)))))
                    .onSuccess(r -> http.response()
                            .setStatusCode(r.status())
                            .putHeader("content-type", r.contentType())
                            .putHeader("x-amzn-requestid", requestId)
                            .end(r.body()));
        });
    }
}
