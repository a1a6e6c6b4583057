package io.microscaler.bench;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The local cloud's front door with a request log: a loopback HTTP proxy the actuator is pointed
 * at, which notes when each ECS {@code UpdateService} call arrives (the moment its headers are in,
 * before it is forwarded) with its service and desired count, and passes every request on to the
 * local cloud unchanged. The local cloud itself is not touched.
 */
final class RecordingProxy {

    /** One UpdateService call as it arrived. */
    record UpdateService(long arrivedNanos, String service, int desiredCount) {
    }

    private static final Set<String> HOP_BY_HOP = Set.of("host", "content-length", "transfer-encoding", "connection",
            "keep-alive");

    private final List<UpdateService> updates = new CopyOnWriteArrayList<>();
    private final URI target;
    private HttpClient client;
    private HttpServer server;

    private RecordingProxy(URI target) {
        this.target = target;
    }

    static Future<RecordingProxy> start(Vertx vertx, URI target) {
        RecordingProxy proxy = new RecordingProxy(target);
        proxy.client = vertx.createHttpClient();
        proxy.server = vertx.createHttpServer().requestHandler(proxy::forward);
        return proxy.server.listen(0, "127.0.0.1").map(proxy);
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.actualPort());
    }

    List<UpdateService> updates() {
        return List.copyOf(updates);
    }

    private void forward(HttpServerRequest in) {
        long arrived = System.nanoTime();
        String operation = String.valueOf(in.getHeader("X-Amz-Target"));
        in.body().compose(body -> {
            if (operation.endsWith(".UpdateService")) {
                JsonObject request = body.toJsonObject();
                Integer desired = request.getInteger("desiredCount");
                updates.add(new UpdateService(arrived, request.getString("service"), desired == null ? -1 : desired));
            }
            MultiMap headers = MultiMap.caseInsensitiveMultiMap();
            copy(in.headers(), headers);
            RequestOptions options = new RequestOptions().setMethod(in.method()).setHost(target.getHost())
                    .setPort(target.getPort()).setURI(in.uri()).setHeaders(headers);
            return client.request(options).compose(out -> out.send(body));
        }).compose(response -> response.body().map(body -> {
            copy(response.headers(), in.response().setStatusCode(response.statusCode()).headers());
            return body;
        })).onComplete(done -> {
            if (done.succeeded()) {
                in.response().end(done.result());
            } else {
                in.response().setStatusCode(502).end(Buffer.buffer("proxy: " + done.cause()));
            }
        });
    }

    private static void copy(MultiMap from, MultiMap to) {
        from.forEach(h -> {
            if (!HOP_BY_HOP.contains(h.getKey().toLowerCase(java.util.Locale.ROOT))) {
                to.add(h.getKey(), h.getValue());
            }
        });
    }
}
