package io.microscaler.demo;

import static io.microscaler.demo.DemoTestSupport.await;
import static io.microscaler.demo.DemoTestSupport.get;
import static io.microscaler.demo.DemoTestSupport.getNow;
import static io.microscaler.demo.DemoTestSupport.join;
import static io.microscaler.demo.DemoTestSupport.settings;
import static io.microscaler.demo.DemoTestSupport.text;
import static org.assertj.core.api.Assertions.assertThat;

import io.microscaler.localcloud.HealthyTargets;
import io.microscaler.localcloud.HealthyTargets.Target;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class LoadBalancerTest {

    /** The ELBv2 emulation's side, as a test sets it: one target group's healthy targets. */
    private final AtomicReference<List<Target>> healthy = new AtomicReference<>(List.of());
    private final HealthyTargets targets = name -> name.equals("iiif") ? healthy.get() : List.of();

    private LoadBalancer balancer(Vertx vertx, long timeoutMillis) {
        LoadBalancer lb = new LoadBalancer("127.0.0.1", 0, "iiif", targets, timeoutMillis);
        await(vertx.deployVerticle(lb));
        return lb;
    }

    private static Target server(Vertx vertx, ImageServerSettings settings) {
        ImageServer s = new ImageServer("iiif", "t", settings, EventSink.NONE);
        await(vertx.deployVerticle(s));
        return new Target("i-1", "127.0.0.1", s.port());
    }

    private static String key(Target t) {
        return t.host() + ":" + t.port();
    }

    @Test
    void proxiesStatusHeadersAndBodyBack(Vertx vertx) {
        Target t = server(vertx, settings(4, 10, 1));
        healthy.set(List.of(t));
        LoadBalancer lb = balancer(vertx, 5000);

        HttpResponse<byte[]> tile = getNow(lb.port(), "/iiif/a/full/512,/0/default.jpg?x=1");
        assertThat(tile.statusCode()).isEqualTo(200);
        assertThat(tile.headers().firstValue("content-type")).hasValue("image/jpeg");
        assertThat(tile.body()).isEqualTo(getNow(t.port(), "/iiif/a/full/512,/0/default.jpg").body());
        HttpResponse<byte[]> bad = getNow(lb.port(), "/iiif/a/nonsense/512,/0/default.jpg");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(text(bad)).isEqualTo("invalid region 'nonsense'");
        assertThat(lb.stats().requests()).isEqualTo(2);
        assertThat(lb.stats().responses5xx()).isZero();
        assertThat(lb.stats().outstanding()).isZero();
    }

    @Test
    void simultaneousRequestsAreSpreadEvenlyOverIdleTargets(Vertx vertx) {
        List<Target> three = IntStream.range(0, 3).mapToObj(i -> server(vertx, settings(1, 100, 100))).toList();
        healthy.set(three);
        LoadBalancer lb = balancer(vertx, 20_000);

        List<CompletableFuture<HttpResponse<byte[]>>> calls = IntStream.range(0, 30)
                .mapToObj(i -> get(lb.port(), "/iiif/a/full/512,/0/default.jpg")).toList();
        calls.forEach(c -> assertThat(join(c).statusCode()).isEqualTo(200));

        Map<String, Long> per = lb.stats().perTarget();
        assertThat(per.values().stream().mapToLong(Long::longValue).sum()).isEqualTo(30);
        // least outstanding keeps them within one of each other while none answers; answers
        // arriving meanwhile can shift a few
        three.forEach(t -> assertThat(per.get(key(t))).as("requests to %s of %s", key(t), per).isBetween(7L, 13L));
    }

    @Test
    void aSlowTargetGetsFewerRequestsThanFastOnes(Vertx vertx) throws Exception {
        Target slow = server(vertx, settings(1, 100, 400));
        Target fast1 = server(vertx, settings(4, 100, 5));
        Target fast2 = server(vertx, settings(4, 100, 5));
        healthy.set(List.of(slow, fast1, fast2));
        LoadBalancer lb = balancer(vertx, 20_000);

        // 60 requests, one every 10 ms: arrivals that do not wait for answers, as users' do
        List<CompletableFuture<HttpResponse<byte[]>>> calls = IntStream.range(0, 60)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> i,
                                CompletableFuture.delayedExecutor(10L * i, TimeUnit.MILLISECONDS))
                        .thenCompose(n -> get(lb.port(), "/iiif/a/full/512,/0/default.jpg")))
                .toList();
        calls.forEach(c -> assertThat(join(c).statusCode()).isEqualTo(200));

        Map<String, Long> per = lb.stats().perTarget();
        long toSlow = per.getOrDefault(key(slow), 0L);
        assertThat(toSlow).as("%s", per).isLessThan(per.get(key(fast1))).isLessThan(per.get(key(fast2)));
        assertThat(toSlow).as("round robin would give it 20: %s", per).isLessThan(15);
    }

    @Test
    void noHealthyTargetIs503(Vertx vertx) {
        LoadBalancer lb = balancer(vertx, 5000);
        HttpResponse<byte[]> r = getNow(lb.port(), "/iiif/a/info.json");
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(text(r)).isEqualTo("no healthy target in iiif");
        assertThat(lb.stats().noTarget()).isEqualTo(1);
        assertThat(lb.stats().responses5xx()).isEqualTo(1);
    }

    @Test
    void aTargetThatRefusesConnectionsIs502(Vertx vertx) throws IOException {
        int dead;
        try (ServerSocket s = new ServerSocket(0)) {
            dead = s.getLocalPort();
        }
        healthy.set(List.of(new Target("i-1", "127.0.0.1", dead)));
        LoadBalancer lb = balancer(vertx, 5000);

        assertThat(getNow(lb.port(), "/iiif/a/info.json").statusCode()).isEqualTo(502);
        assertThat(lb.stats().badGateway()).isEqualTo(1);
        assertThat(lb.stats().responses5xx()).isEqualTo(1);
        assertThat(lb.stats().outstanding()).isZero();
    }

    @Test
    void aTargetThatDoesNotAnswerInTimeIs504(Vertx vertx) {
        int silent = await(vertx.createHttpServer().requestHandler(request -> { }).listen(0, "127.0.0.1")).actualPort();
        healthy.set(List.of(new Target("i-1", "127.0.0.1", silent)));
        LoadBalancer lb = balancer(vertx, 300);

        assertThat(getNow(lb.port(), "/iiif/a/info.json").statusCode()).isEqualTo(504);
        assertThat(lb.stats().timeouts()).isEqualTo(1);
    }

    @Test
    void aTargetLeavingTheHealthySetGetsNoMoreRequests(Vertx vertx) {
        Target a = server(vertx, settings(4, 10, 1));
        Target b = server(vertx, settings(4, 10, 1));
        healthy.set(List.of(a, b));
        LoadBalancer lb = balancer(vertx, 5000);
        for (int i = 0; i < 4; i++) {
            getNow(lb.port(), "/iiif/a/info.json");
        }
        healthy.set(List.of(b));
        for (int i = 0; i < 4; i++) {
            getNow(lb.port(), "/iiif/a/info.json");
        }
        assertThat(lb.stats().perTarget()).containsEntry(key(a), 2L).containsEntry(key(b), 6L);
    }

    @Test
    void itsTrafficViewCountsWhatItReceivedAnsweredAndFailedWithTheLatencyOfTheAnswers(Vertx vertx) {
        Target t = server(vertx, settings(4, 10, 20));
        healthy.set(List.of(t));
        LoadBalancer lb = balancer(vertx, 5000);
        for (int i = 0; i < 5; i++) {
            assertThat(getNow(lb.port(), "/iiif/a/full/512,/0/default.jpg").statusCode()).isEqualTo(200);
        }
        healthy.set(List.of());
        assertThat(getNow(lb.port(), "/iiif/a/info.json").statusCode()).isEqualTo(503);

        ClientSnapshot now = await(lb.traffic());
        assertThat(now.offered()).isEqualTo(6);
        assertThat(now.succeeded()).isEqualTo(5);
        assertThat(now.failed()).isEqualTo(1);
        assertThat(now.outstanding()).isZero();
        // Per-second figures cover complete seconds: once the second of these requests has passed,
        // the p95 is of the tiles (20 ms renders, ±1 % sketch error), the 503 has none
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> await(lb.traffic()).p95Millis().isPresent());
        assertThat(await(lb.traffic()).p95Millis().getAsDouble()).isGreaterThanOrEqualTo(19.8);
    }
}
