package io.microscaler.demo;

import io.microscaler.localcloud.HealthProbe;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;

/**
 * Health checks over HTTP, as an ALB does: {@code GET path}, healthy when 200–399 arrives within
 * the timeout; a refused connection, a timeout or another status is unhealthy (never a failed
 * future). A fresh connection per check (no keep-alive), so a server that stopped accepting
 * connections is seen as down, not hidden behind an old connection.
 */
public final class HttpHealthProbe implements HealthProbe {

    private final HttpClient client;
    private final long timeoutMillis;

    public HttpHealthProbe(Vertx vertx, Duration timeout) {
        this.timeoutMillis = Math.max(1, timeout.toMillis());
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false)
                        .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMillis)),
                new PoolOptions().setHttp1MaxSize(16));
    }

    @Override
    public Future<Boolean> check(String host, int port, String path) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost(host).setPort(port)
                .setURI(path).setTimeout(timeoutMillis);
        return client.request(options)
                .compose(request -> request.send())
                .compose(response -> response.body().map(body -> response.statusCode()))
                .map(status -> status >= 200 && status < 400)
                .otherwise(false);
    }

    public Future<Void> close() {
        return client.close();
    }
}
