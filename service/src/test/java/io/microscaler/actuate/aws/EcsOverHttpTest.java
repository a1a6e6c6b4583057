package io.microscaler.actuate.aws;

import static io.microscaler.testing.Decisions.decision;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.microscaler.actuate.ActuatorVerticle;
import io.microscaler.bus.Addresses;
import io.microscaler.bus.CapacityObserved;
import io.microscaler.bus.Codecs;
import io.microscaler.observability.ActuatorMeters;
import io.microscaler.policy.Capacity;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real SDK clients, on Netty, against an ECS-protocol endpoint over HTTP that is not the local
 * cloud ({@link EcsProtocolStub}), under a Vert.x whose blocked-thread checker reports any event
 * loop task longer than 20 ms.
 */
class EcsOverHttpTest {

    private static final Duration RECONCILE = Duration.ofMillis(200);
    private static final int MAX_ATTEMPTS = 8;
    private static final int WARM_UP_DECISIONS = 4;
    // An actuator that waited for an answer anywhere would hold its event loop at least this long,
    // 2.5 times the checker's limit, so a blocking wait cannot hide under the limit.
    private static final Duration SLOW_ANSWER = Duration.ofMillis(BlockedThreadWarnings.LIMIT_MS * 5 / 2);

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ActuatorMeters meters = new ActuatorMeters(registry, EcsServiceTarget.NAME);
    // One endpoint and one set of clients for the class: closing the SDK's Netty client takes ~2 s.
    private static final OperationLog operations = new OperationLog();
    private static EcsProtocolStub stub;
    private static AwsClients clients;
    // Attached after a warm-up: see warmUp().
    private BlockedThreadWarnings blocked;
    private final Counts counts = new Counts();
    private Vertx vertx;

    /** Logical calls and attempts, as AwsCalls reports them. */
    static final class Counts implements AwsCallListener {
        final AtomicInteger attempts = new AtomicInteger();
        final AtomicInteger succeeded = new AtomicInteger();
        final AtomicInteger gaveUp = new AtomicInteger();
        final AtomicInteger repairs = new AtomicInteger();
        final AtomicInteger retries = new AtomicInteger();

        @Override
        public void retry(String api, CallOutcome cause) {
            retries.incrementAndGet();
        }

        /**
         * Calls started (first attempts) and not ended. A retry's next attempt is not seen here
         * until it ends, so a quiet period also compares what the client sent with what arrived.
         */
        int inFlight() {
            return attempts.get() - retries.get() - calls();
        }

        @Override
        public void attempt(String api, CallOutcome outcome) {
            attempts.incrementAndGet();
            if (outcome == CallOutcome.SUCCESS) {
                succeeded.incrementAndGet();
            }
        }

        @Override
        public void gaveUp(String api, CallOutcome last) {
            gaveUp.incrementAndGet();
        }

        @Override
        public void repaired(String service) {
            repairs.incrementAndGet();
        }

        int calls() {
            return succeeded.get() + gaveUp.get();
        }

        void reset() {
            attempts.set(0);
            succeeded.set(0);
            gaveUp.set(0);
            repairs.set(0);
            retries.set(0);
        }
    }

    @BeforeAll
    static void startEndpoint() throws Exception {
        stub = EcsProtocolStub.start();
        clients = AwsClients.create(AwsSettings.endpoint(stub.endpoint(), "eu-west-1", "AKIDTEST", "not-a-secret"),
                List.of(operations));
    }

    @AfterAll
    static void stopEndpoint() throws Exception {
        clients.close();
        stub.close();
    }

    @BeforeEach
    void setUp() {
        stub.faults(0, 0);
        stub.latency(Duration.ZERO);
        stub.resetLog();
        operations.reset();
        vertx = Vertx.vertx(BlockedThreadWarnings.strictOptions());
        Codecs.register(vertx.eventBus());
    }

    @AfterEach
    void tearDown() throws Exception {
        if (blocked != null) {
            blocked.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        // Requests already sent still arrive; the next test must not count them.
        await().atMost(Duration.ofSeconds(10)).until(() -> stub.quietFor(Duration.ofMillis(500)));
    }

    private EcsServiceTarget target(AwsCalls.Settings settings, Map<String, EcsServiceTarget.Bounds> bounds) {
        AwsCallListener listener = AwsCallListeners.both(counts, AwsCallListener.meters(meters));
        return new EcsServiceTarget(clients.ecs(), clients.elb(), new AwsCalls(vertx, settings, listener),
                "microscaler", bounds, listener);
    }

    private static AwsCalls.Settings settings(int maxAttempts) {
        return new AwsCalls.Settings(maxAttempts, Duration.ofMillis(5), Duration.ofMillis(100), Duration.ofSeconds(10),
                200, 50);
    }

    /**
     * Runs a few decisions for a service of its own through the actuator, faults included, before
     * the blocked-thread warnings are collected. The first use of a code path costs the JVM class
     * loading, lambda linking and Micrometer's first registration of a meter, all on whichever
     * thread gets there first: measured here at 23–63 ms on a 2-core machine, once per JVM. That is
     * start-up, not actuation; everything after it is measured.
     */
    private void warmUp(EcsServiceTarget target) {
        stub.service("warm-up", 1);
        for (int seq = 1; seq <= WARM_UP_DECISIONS; seq++) {
            vertx.eventBus().publish(Addresses.DECISIONS, decision("warm-up", seq, seq, seq + 1));
            int want = seq + 1;
            await().atMost(Duration.ofSeconds(20)).until(() -> stub.desired("warm-up") == want);
        }
        CompletableFuture<Void> observed = new CompletableFuture<>();
        vertx.getOrCreateContext().runOnContext(v -> vertx.eventBus().<CapacityObserved>request(
                Addresses.CAPACITY_QUERY, "warm-up").onComplete(r -> observed.complete(null)));
        observed.join();
        blocked = new BlockedThreadWarnings();
    }

    private double awsCallsCounted() {
        return registry.find("microscaler_aws_calls").counters().stream().mapToDouble(Counter::count).sum();
    }

    private <T> T result(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    @Test
    void convergesUnderThrottlingAndServerErrorsWithinBoundsAndWithABoundedNumberOfCalls() throws Exception {
        stub.service("web", 1);
        stub.faults(0.30, 0.10);
        stub.latency(SLOW_ANSWER);
        EcsServiceTarget target = target(settings(MAX_ATTEMPTS), Map.of("web", new EcsServiceTarget.Bounds(1, 10)));
        List<CapacityObserved> observed = new CopyOnWriteArrayList<>();
        vertx.eventBus().<CapacityObserved>localConsumer(Addresses.CAPACITY, m -> observed.add(m.body()));
        String deployment = result(vertx.deployVerticle(
                new ActuatorVerticle(target, Set.of("web", "warm-up"), RECONCILE, Clock.systemUTC(), meters)));
        long started = System.nanoTime();
        warmUp(target);

        // 15, 0 and 12 are outside [1, 10]: the policy would clamp them; the target does too.
        int[] wanted = {3, 7, 15, 0, 5, 12, 4};
        int[] expected = {3, 7, 10, 1, 5, 10, 4};
        int from = 1;
        for (int i = 0; i < wanted.length; i++) {
            vertx.eventBus().publish(Addresses.DECISIONS, decision("web", i + 1, from, wanted[i]));
            int want = expected[i];
            await().atMost(Duration.ofSeconds(20)).until(() -> stub.desired("web") == want);
            from = wanted[i];
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> !observed.isEmpty()
                && observed.get(observed.size() - 1).capacity().equals(new Capacity(4, 4, 0)));
        assertThat(blocked.warnings()).isEmpty();
        // Stop the actuator and let calls in flight end, so the counts below are final.
        result(vertx.undeploy(deployment));
        await().atMost(Duration.ofSeconds(15)).during(Duration.ofMillis(300))
                .until(() -> counts.attempts.get() == stub.requests().size()
                        && operations.sent().size() == stub.requests().size() && counts.inFlight() == 0);
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        System.out.printf("converged in %d ms: %d calls, %d attempts, %d requests%n", elapsedMs, counts.calls(),
                counts.attempts.get(), stub.requests().size());

        assertThat(stub.desired("web")).isEqualTo(4);
        assertThat(stub.updates()).isNotEmpty().allSatisfy(n -> assertThat(n).isBetween(1, 10));
        // Faults were really injected, and every attempt was exactly one request (SDK retries off).
        List<String> requests = stub.requests();
        assertThat(counts.attempts.get() - counts.succeeded.get()).isPositive();
        assertThat(operations.sent()).hasSameSizeAs(requests);
        assertThat(requests).hasSize(counts.attempts.get());
        assertThat(awsCallsCounted()).isEqualTo(requests.size());
        // Hard bound, over the whole run (warm-up included): each decision is at most one apply
        // (UpdateService + DescribeServices), each reconcile round of the two services at most
        // DescribeServices + a repairing UpdateService each, each call at most MAX_ATTEMPTS attempts.
        long rounds = elapsedMs / RECONCILE.toMillis() + 1;
        long logicalBound = 2L * (wanted.length + WARM_UP_DECISIONS) + 2 * 2 * rounds;
        assertThat((long) counts.calls()).isLessThanOrEqualTo(logicalBound);
        assertThat((long) requests.size()).isLessThanOrEqualTo(MAX_ATTEMPTS * logicalBound);
        // Expected bound: with 40 % of attempts failing, a call takes 1 / 0.6 ≈ 1.7 attempts on average.
        assertThat((double) requests.size()).isLessThanOrEqualTo(2.5 * counts.calls());
    }

    @Test
    void noEventLoopBlocksDuringABurstOfActuation() throws Exception {
        List<String> services = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            services.add("svc-" + i);
            stub.service("svc-" + i, 1);
        }
        stub.faults(0.2, 0.05);
        stub.latency(SLOW_ANSWER);
        EcsServiceTarget target = target(settings(MAX_ATTEMPTS), Map.of());
        result(vertx.deployVerticle(new ActuatorVerticle(target, Set.copyOf(services), RECONCILE,
                Clock.systemUTC(), meters)));
        // Warm-up: one burst unmeasured (see warmUp()), so the JIT and class loading are done.
        burst(services, 1);
        blocked = new BlockedThreadWarnings();
        int attemptsBefore = counts.attempts.get();
        long started = System.nanoTime();

        burst(services, 11);

        System.out.printf("burst of %d services converged in %d ms, %d attempts%n", services.size(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), counts.attempts.get() - attemptsBefore);
        assertThat(counts.attempts.get() - attemptsBefore).isGreaterThan(40);
        assertThat(blocked.warnings()).isEmpty();
    }

    /**
     * Each service gets 10 decisions counting up from {@code from} (the newest wins), in waves 5 ms
     * apart, one decision per service per wave, as owners publishing on their ticks would; waits
     * until ECS has the last count of every service.
     */
    private void burst(List<String> services, int from) {
        int last = from + 10;
        AtomicInteger seq = new AtomicInteger(from);
        vertx.setPeriodic(5, timer -> {
            int n = seq.getAndIncrement();
            for (String s : services) {
                vertx.eventBus().publish(Addresses.DECISIONS, decision(s, n, n, n + 1));
            }
            if (n + 1 == last) {
                vertx.cancelTimer(timer);
            }
        });
        await().atMost(Duration.ofSeconds(30)).until(() -> services.stream().allMatch(s -> stub.desired(s) == last));
    }

    @Test
    void theCheckerWouldHaveSeenABlockedEventLoop() throws Exception {
        // The instrument works: blocking an event loop for 200 ms is reported through it.
        blocked = new BlockedThreadWarnings();
        CompletableFuture<Void> done = new CompletableFuture<>();
        vertx.getOrCreateContext().runOnContext(v -> {
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(200);
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            done.complete(null);
        });
        done.get(10, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(5)).until(() -> !blocked.warnings().isEmpty());
        assertThat(blocked.warnings().get(0)).contains("blocked");
    }

    @Test
    void resultsCompleteOnTheCallersContextOnAnEventLoop() throws Exception {
        stub.service("web", 2);
        stub.faults(0.3, 0.1);
        EcsServiceTarget target = target(settings(MAX_ATTEMPTS), Map.of());
        Context context = vertx.getOrCreateContext();
        CompletableFuture<List<Object>> seen = new CompletableFuture<>();

        context.runOnContext(v -> target.apply("web", 6).onComplete(applied -> {
            Context onApply = Vertx.currentContext();
            boolean eventLoop = Context.isOnEventLoopThread();
            target.observe("web").onComplete(read -> seen.complete(List.of(onApply, eventLoop, Vertx.currentContext(),
                    applied.succeeded() ? applied.result() : applied.cause(), read.succeeded() ? read.result() : read.cause())));
        }));
        List<Object> result = seen.get(30, TimeUnit.SECONDS);

        assertThat(result.get(0)).isSameAs(context);
        assertThat(result.get(1)).isEqualTo(true);
        assertThat(result.get(2)).isSameAs(context);
        assertThat(result.get(3)).isEqualTo(new Capacity(6, 6, 0));
        assertThat(result.get(4)).isEqualTo(new Capacity(6, 6, 0));
    }

    @Test
    void everyAttemptIsOneRequestBecauseTheSdkDoesNotRetry() throws Exception {
        stub.service("web", 2);
        stub.faults(0, 1.0);
        EcsServiceTarget target = target(settings(3), Map.of());
        CompletableFuture<Throwable> failure = new CompletableFuture<>();

        vertx.getOrCreateContext().runOnContext(v -> target.observe("web")
                .onComplete(r -> failure.complete(r.cause())));

        assertThat(failure.get(30, TimeUnit.SECONDS)).isInstanceOf(
                software.amazon.awssdk.services.ecs.model.ServerException.class);
        assertThat(stub.requests()).containsExactly("DescribeServices", "DescribeServices", "DescribeServices");
        assertThat(operations.sent()).containsExactly("Ecs:DescribeServices", "Ecs:DescribeServices",
                "Ecs:DescribeServices");
    }

    @Test
    void aMissingServiceIsNamedWithItsCluster() throws Exception {
        EcsServiceTarget target = target(settings(MAX_ATTEMPTS), Map.of());
        CompletableFuture<Throwable> failure = new CompletableFuture<>();

        vertx.getOrCreateContext().runOnContext(v -> target.apply("ghost", 2)
                .onComplete(r -> failure.complete(r.cause())));

        assertThat(failure.get(30, TimeUnit.SECONDS)).isInstanceOf(ServiceMissingException.class)
                .hasMessageStartingWith("ECS service 'ghost' not found in cluster 'microscaler'")
                .hasMessageContaining("ServiceNotFoundException");
        assertThat(stub.requests()).containsExactly("UpdateService");
    }
}
