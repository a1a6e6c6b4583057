package io.microscaler.demo;

import static io.microscaler.demo.DemoTestSupport.await;
import static io.microscaler.demo.DemoTestSupport.settings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.microscaler.localcloud.HealthyTargets.Target;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class TrafficGeneratorTest {

    private static TrafficSettings even(int port, int maxOutstanding) {
        return new TrafficSettings("127.0.0.1", port, Duration.ofMillis(10), Arrivals.Mode.EVEN, maxOutstanding,
                Duration.ofSeconds(30), 5, 1);
    }

    /** A server that takes requests and never answers: the slowest system there is. */
    private static int silentServer(Vertx vertx, AtomicInteger received) {
        return await(vertx.createHttpServer().requestHandler(request -> received.incrementAndGet())
                .listen(0, "127.0.0.1")).actualPort();
    }

    @Test
    void theOfferedLoadFollowsTheScenarioEvenWhenNothingIsAnswered(Vertx vertx) {
        AtomicInteger received = new AtomicInteger();
        int port = silentServer(vertx, received);
        TrafficGenerator generator = new TrafficGenerator(new Scenario.Steady(200), even(port, 10_000));
        await(vertx.deployVerticle(generator));

        await().atMost(Duration.ofSeconds(20)).until(() -> await(generator.progress()).clients().offered() >= 300);
        TrafficGenerator.Progress p = await(generator.progress());

        // open loop: offered = ⌊200/s × the generator's own elapsed time⌋, though none was answered
        double expected = 200 * p.elapsed().toNanos() / 1e9;
        assertThat((double) p.clients().offered()).isBetween(expected - 1, expected + 1);
        assertThat(p.clients().succeeded()).isZero();
        assertThat(p.clients().failed()).isZero();
        assertThat(p.clients().outstanding()).isEqualTo(p.clients().offered());
        // and they really were sent
        await().atMost(Duration.ofSeconds(10)).until(() -> received.get() >= 300);
    }

    @Test
    void arrivalsBeyondTheOutstandingCapAreDroppedAndCountAsFailed(Vertx vertx) {
        int port = silentServer(vertx, new AtomicInteger());
        TrafficGenerator generator = new TrafficGenerator(new Scenario.Steady(200), even(port, 50));
        await(vertx.deployVerticle(generator));

        await().atMost(Duration.ofSeconds(20)).until(() -> await(generator.progress()).clients().offered() >= 150);
        ClientSnapshot s = await(generator.progress()).clients();

        assertThat(s.outstanding()).isEqualTo(50);
        assertThat(s.dropped()).isEqualTo(s.offered() - 50);
        assertThat(s.failed()).isEqualTo(s.dropped());
    }

    @Test
    void throughTheLoadBalancerRequestsAreServedAndTheirLatencyRecorded(Vertx vertx) {
        ImageServer server = new ImageServer("iiif", "t", settings(4, 100, 20), EventSink.NONE);
        await(vertx.deployVerticle(server));
        LoadBalancer lb = new LoadBalancer("127.0.0.1", 0, "iiif",
                name -> List.of(new Target("i-1", "127.0.0.1", server.port())), 5000);
        await(vertx.deployVerticle(lb));
        TrafficGenerator generator = new TrafficGenerator(new Scenario.Steady(50),
                new TrafficSettings("127.0.0.1", lb.port(), Duration.ofMillis(10), Arrivals.Mode.POISSON, 1000,
                        Duration.ofSeconds(30), 5, 7));
        await(vertx.deployVerticle(generator));

        await().atMost(Duration.ofSeconds(20)).until(() -> await(generator.progress()).clients().windowSeconds() >= 2);
        ClientSnapshot s = await(generator.progress()).clients();

        assertThat(s.succeeded()).isPositive();
        assertThat(s.failed()).isZero();
        assertThat(s.servedPerSecond()).isPositive();
        assertThat(s.p95Millis()).isPresent();
        assertThat(s.p95Millis().getAsDouble()).as("at least an info.json render").isGreaterThanOrEqualTo(1);
        assertThat(server.served()).as("every success went through the server").isGreaterThanOrEqualTo(s.succeeded());
        assertThat(s.line()).startsWith("offered ");
    }

    @Test
    void settingsAreChecked() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new TrafficSettings("h", 0, Duration.ofMillis(10),
                Arrivals.Mode.EVEN, 1, Duration.ofSeconds(1), 1, 1)).hasMessage("port must be 1 to 65535, but was 0");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new TrafficSettings("h", 1, Duration.ofMillis(10),
                Arrivals.Mode.EVEN, 0, Duration.ofSeconds(1), 1, 1)).hasMessage("maxOutstanding must be ≥ 1, but was 0");
    }
}
