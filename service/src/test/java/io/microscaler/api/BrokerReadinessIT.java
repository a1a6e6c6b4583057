package io.microscaler.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.microscaler.config.HttpConfig;
import io.microscaler.kafka.embedded.EmbeddedKafkaBroker;
import io.microscaler.observability.Metrics;
import io.microscaler.testing.HttpJson;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * {@code /health/ready} tells the truth about the broker: with the default checks it turns 503,
 * naming the cause, once the broker is gone (issue 17 measured 60 s of UP with a dead broker, the
 * admin client's default API timeout), and 200 again once the same broker is back. A broker of its
 * own, stopped and restarted on the same address: the shared test broker must stay up.
 */
class BrokerReadinessIT {

    @Test
    void readyIsDownWhileTheBrokerIsGoneAndUpWhenItReturns() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            ApiVerticle api = new ApiVerticle("127.0.0.1", 0, 0, Map.of("bootstrap.servers", broker.bootstrapServers()),
                    Metrics.newRegistry(), Map.of(), Clock.systemUTC(), HttpConfig.Readiness.DEFAULTS);
            vertx.deployVerticle(api).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            HttpJson http = new HttpJson(api.actualPort());
            AtomicReference<HttpResponse<String>> last = new AtomicReference<>();

            await().atMost(Duration.ofSeconds(30)).until(() -> status(http, last) == 200);
            assertThat(body(last).getBoolean("brokerReachable")).isTrue();
            assertThat(body(last).getJsonArray("reasons")).isEmpty();

            long stopped = System.nanoTime();
            broker.stop();
            await().atMost(Duration.ofSeconds(30)).until(() -> status(http, last) == 503);
            System.out.printf("not ready %.1f s after the broker stopped (defaults: at most %s)%n",
                    (System.nanoTime() - stopped) / 1e9, HttpConfig.Readiness.DEFAULTS.worstTimeToUnready());
            assertThat(body(last).getString("status")).isEqualTo("DOWN");
            assertThat(body(last).getBoolean("brokerReachable")).isFalse();
            assertThat(body(last).getJsonArray("reasons").getString(0))
                    .startsWith("Kafka broker unreachable: 2 check(s) in a row failed, last: ");
            assertThat(status(http, last)).as("stays down while the broker is gone").isEqualTo(503);

            long restarted = System.nanoTime();
            broker.restart();
            await().atMost(Duration.ofSeconds(30)).until(() -> status(http, last) == 200);
            System.out.printf("ready %.1f s after the broker was back%n", (System.nanoTime() - restarted) / 1e9);
            assertThat(body(last).getBoolean("brokerReachable")).isTrue();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    private static int status(HttpJson http, AtomicReference<HttpResponse<String>> last) {
        last.set(http.get("/health/ready"));
        return last.get().statusCode();
    }

    private static JsonObject body(AtomicReference<HttpResponse<String>> last) {
        return new JsonObject(last.get().body());
    }
}
