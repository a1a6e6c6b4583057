package io.microscaler.actuate;

import static io.microscaler.testing.Decisions.decision;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.microscaler.bus.Addresses;
import io.microscaler.bus.CapacityObserved;
import io.microscaler.bus.Codecs;
import io.microscaler.bus.OwnershipChange;
import io.microscaler.decision.Decision;
import io.microscaler.decision.Reason;
import io.microscaler.observability.ActuatorMeters;
import io.microscaler.policy.Capacity;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The actuator over a target whose calls complete only when the test says so. */
@ExtendWith(VertxExtension.class)
class ActuatorVerticleTest {

    /** A target that records calls and holds each one open until released. */
    static final class HeldTarget implements ScalingTarget {
        final List<Integer> applied = new CopyOnWriteArrayList<>();
        final List<Promise<Capacity>> open = new CopyOnWriteArrayList<>();
        final List<String> calls = new CopyOnWriteArrayList<>();
        volatile int inFlight;
        volatile int mostInFlight;
        volatile Context context;

        @Override
        public String name() {
            return "held";
        }

        @Override
        public Future<Capacity> apply(String service, int desired) {
            context = Vertx.currentContext();
            applied.add(desired);
            calls.add("apply " + desired);
            Promise<Capacity> p = Promise.promise();
            open.add(p);
            mostInFlight = Math.max(mostInFlight, ++inFlight);
            return p.future().andThen(r -> inFlight--);
        }

        @Override
        public Future<Capacity> observe(String service) {
            calls.add("observe");
            return Future.succeededFuture(new Capacity(1, 1, 0));
        }

        /** Completes call {@code i} on the actuator's own context, as a real async client would. */
        void release(int i, Capacity result) {
            context.runOnContext(v -> open.get(i).complete(result));
        }
    }

    private static Decision d(long seq, int from, int to) {
        return new Decision("tiles", Instant.EPOCH.plusSeconds(seq), seq, from, to, "target-tracking",
                Reason.TARGET_TRACKING, "m", Map.of());
    }

    private static double offered(SimpleMeterRegistry registry) {
        return registry.find("microscaler_actuator_decisions").counters().stream().mapToDouble(Counter::count).sum();
    }

    /** A target that applies at once and records which services it was told to forget. */
    static final class ForgettingTarget implements ScalingTarget {
        final List<Integer> applied = new CopyOnWriteArrayList<>();
        final List<String> released = new CopyOnWriteArrayList<>();

        @Override
        public String name() {
            return "forgetting";
        }

        @Override
        public Future<Capacity> apply(String service, int desired) {
            applied.add(desired);
            return Future.succeededFuture(new Capacity(desired, desired, 0));
        }

        @Override
        public Future<Capacity> observe(String service) {
            return Future.succeededFuture(new Capacity(1, 1, 0));
        }

        @Override
        public void release(String service) {
            released.add(service);
        }
    }

    @Test
    void aPausedServiceGetsNothingAppliedAndItsCountForgottenSoNothingIsRepaired(Vertx vertx) throws Exception {
        Codecs.register(vertx.eventBus());
        ForgettingTarget target = new ForgettingTarget();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Set<String> paused = java.util.concurrent.ConcurrentHashMap.newKeySet();
        paused.add("tiles");
        vertx.deployVerticle(new ActuatorVerticle(target, Set.of("tiles"), Duration.ofHours(1), Clock.systemUTC(),
                new ActuatorMeters(registry, "forgetting")).pausedWhen(paused::contains))
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

        // A decision that reached the actuator anyway (a planner's grant, or one made just before the pause)
        vertx.eventBus().publish(Addresses.DECISIONS, d(1, 1, 3));
        await().atMost(Duration.ofSeconds(5)).until(() -> offered(registry) == 1);
        assertThat(registry.find("microscaler_actuator_decisions").tag("verdict", "paused").counter().count()).isEqualTo(1);
        assertThat(target.applied).isEmpty();
        assertThat(target.released).containsOnly("tiles");

        // Resumed: the next decision applies as usual.
        paused.remove("tiles");
        vertx.eventBus().publish(Addresses.DECISIONS, d(2, 1, 4));
        await().atMost(Duration.ofSeconds(5)).until(() -> target.applied.size() == 1);
        assertThat(target.applied).containsExactly(4);
    }

    @Test
    void appliesOneAtATimeAndSkipsSupersededDecisions(Vertx vertx) throws Exception {
        Codecs.register(vertx.eventBus());
        HeldTarget target = new HeldTarget();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        List<CapacityObserved> observed = new CopyOnWriteArrayList<>();
        vertx.eventBus().<CapacityObserved>localConsumer(Addresses.CAPACITY, m -> observed.add(m.body()));
        vertx.deployVerticle(new ActuatorVerticle(target, Set.of("tiles"), Duration.ofHours(1), Clock.systemUTC(),
                new ActuatorMeters(registry, "held"))).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

        vertx.eventBus().publish(Addresses.DECISIONS, d(1, 1, 3));
        vertx.eventBus().publish(Addresses.DECISIONS, d(2, 3, 5));
        vertx.eventBus().publish(Addresses.DECISIONS, d(3, 5, 8));
        vertx.eventBus().publish(Addresses.DECISIONS, d(4, 8, 8)); // a hold: nothing to apply, not offered
        await().atMost(Duration.ofSeconds(5)).until(() -> offered(registry) == 3);
        assertThat(target.applied).as("one call in flight per service").containsExactly(3);

        target.release(0, new Capacity(3, 3, 0));
        await().atMost(Duration.ofSeconds(5)).until(() -> target.applied.size() == 2);
        assertThat(target.applied).as("5 was superseded by 8 while 3 was in flight").containsExactly(3, 8);

        target.release(1, new Capacity(8, 3, 5));
        await().atMost(Duration.ofSeconds(5)).until(() -> observed.size() == 2);
        assertThat(observed).extracting(o -> o.capacity()).containsExactly(new Capacity(3, 3, 0), new Capacity(8, 3, 5));
        assertThat(target.applied).hasSize(2);
    }

    @Test
    void aCapacityQueryDuringAnApplyReadsOnlyOnceTheApplyHasEnded(Vertx vertx) throws Exception {
        Codecs.register(vertx.eventBus());
        HeldTarget target = new HeldTarget();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        vertx.deployVerticle(new ActuatorVerticle(target, Set.of("tiles"), Duration.ofHours(1), Clock.systemUTC(),
                new ActuatorMeters(registry, "held"))).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);

        vertx.eventBus().publish(Addresses.DECISIONS, d(1, 1, 3));
        await().atMost(Duration.ofSeconds(5)).until(() -> target.applied.size() == 1);
        var first = vertx.eventBus().<CapacityObserved>request(Addresses.CAPACITY_QUERY, "tiles").toCompletionStage();
        var second = vertx.eventBus().<CapacityObserved>request(Addresses.CAPACITY_QUERY, "tiles").toCompletionStage();
        // Sent after the queries, handled after them on the actuator's context: once it is counted, they were asked
        vertx.eventBus().publish(Addresses.DECISIONS, d(2, 3, 4));
        await().atMost(Duration.ofSeconds(5)).until(() -> offered(registry) == 2);
        assertThat(target.calls).as("no read beside the apply in flight").containsExactly("apply 3");

        target.release(0, new Capacity(3, 3, 0));
        assertThat(first.toCompletableFuture().get(5, TimeUnit.SECONDS).body().capacity()).isEqualTo(new Capacity(1, 1, 0));
        assertThat(second.toCompletableFuture().get(5, TimeUnit.SECONDS).body().capacity()).isEqualTo(new Capacity(1, 1, 0));
        await().atMost(Duration.ofSeconds(5)).until(() -> target.applied.size() == 2);
        assertThat(target.calls).as("two queries while one read was pending share it; the next apply waits for it")
                .containsExactly("apply 3", "observe", "apply 4");
        assertThat(target.mostInFlight).isEqualTo(1);
    }

    @Test
    void answersCapacityQueriesFromTheTarget(Vertx vertx) throws Exception {
        Codecs.register(vertx.eventBus());
        var target = new DryRunTarget(Map.of("tiles", 4));
        vertx.deployVerticle(new ActuatorVerticle(target, Set.of("tiles"), Duration.ofHours(1), Clock.systemUTC(),
                new ActuatorMeters(new SimpleMeterRegistry(), "dry-run"))).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        CapacityObserved reply = vertx.eventBus().<CapacityObserved>request(Addresses.CAPACITY_QUERY, "tiles")
                .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS).body();
        assertThat(reply.capacity()).isEqualTo(new Capacity(4, 4, 0));

        var unknown = vertx.eventBus().request(Addresses.CAPACITY_QUERY, "nobody").toCompletionStage().toCompletableFuture();
        await().atMost(Duration.ofSeconds(5)).until(unknown::isDone);
        assertThat(unknown).isCompletedExceptionally();
        assertThat(reply.healthy()).as("a dry run cannot tell healthy tasks").isEmpty();
    }

    @Test
    void theReconcilerPublishesTheTargetsHealthyCount(Vertx vertx) throws Exception {
        Codecs.register(vertx.eventBus());
        DryRunTarget counts = new DryRunTarget(Map.of("tiles", 4));
        ScalingTarget target = new ScalingTarget() { // a load balancer that finds 3 of the 4 tasks healthy
            @Override
            public String name() {
                return "with-health";
            }

            @Override
            public Future<Capacity> apply(String service, int desired) {
                return counts.apply(service, desired);
            }

            @Override
            public Future<Capacity> observe(String service) {
                return counts.observe(service);
            }

            @Override
            public OptionalInt lastHealthy(String service) {
                return OptionalInt.of(3);
            }
        };
        List<CapacityObserved> observed = new CopyOnWriteArrayList<>();
        vertx.eventBus().<CapacityObserved>localConsumer(Addresses.CAPACITY, m -> observed.add(m.body()));
        vertx.deployVerticle(new ActuatorVerticle(target, Set.of("tiles"), Duration.ofMillis(20), Clock.systemUTC(),
                new ActuatorMeters(new SimpleMeterRegistry(), "dry-run"))).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);

        await().atMost(Duration.ofSeconds(5)).until(() -> !observed.isEmpty());
        assertThat(observed.get(0).capacity()).isEqualTo(new Capacity(4, 4, 0));
        assertThat(observed.get(0).healthy()).hasValue(3);
    }

    @Test
    void aReadOnlyTargetsCountsArePublishedAsUnchangedSoThePolicyKeepsItsOwnCount(Vertx vertx) throws Exception {
        Codecs.register(vertx.eventBus());
        DryRunTarget real = new DryRunTarget(Map.of("tiles", 2)); // ECS's 2, which a shadow never changes
        ScalingTarget shadow = new ScalingTarget() {
            @Override
            public String name() {
                return "shadow";
            }

            @Override
            public Future<Capacity> apply(String service, int desired) {
                return real.observe(service);
            }

            @Override
            public Future<Capacity> observe(String service) {
                return real.observe(service);
            }

            @Override
            public boolean readOnly() {
                return true;
            }
        };
        List<CapacityObserved> observed = new CopyOnWriteArrayList<>();
        vertx.eventBus().<CapacityObserved>localConsumer(Addresses.CAPACITY, m -> observed.add(m.body()));
        vertx.deployVerticle(new ActuatorVerticle(shadow, Set.of("tiles"), Duration.ofHours(1), Clock.systemUTC(),
                new ActuatorMeters(new SimpleMeterRegistry(), "shadow"))).toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);

        vertx.eventBus().publish(Addresses.DECISIONS, decision("tiles", 1, 2, 5));

        await().atMost(Duration.ofSeconds(5)).until(() -> !observed.isEmpty());
        CapacityObserved read = observed.get(0);
        assertThat(read.capacity()).isEqualTo(new Capacity(2, 2, 0));
        assertThat(read.desiredCount()).isEqualTo(CapacityObserved.DesiredCount.UNCHANGED);
        assertThat(read.forPolicy(new Capacity(5, 2, 0))).isEqualTo(new Capacity(5, 2, 0));
        assertThat(real.applied()).as("nothing was applied").isEmpty();
    }

    /** Records every call by service; answers reads with one task. */
    static final class OwnershipTarget implements ScalingTarget {
        final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public String name() {
            return "recording";
        }

        @Override
        public Future<Capacity> apply(String service, int desired) {
            calls.add("apply " + service + " " + desired);
            return Future.succeededFuture(new Capacity(desired, desired, 0));
        }

        @Override
        public Future<Capacity> observe(String service) {
            calls.add("observe " + service);
            return Future.succeededFuture(new Capacity(1, 1, 0));
        }

        @Override
        public void release(String service) {
            calls.add("release " + service);
        }

        long count(String call) {
            return calls.stream().filter(call::equals).count();
        }
    }

    private static Decision of(String service, long seq, int from, int to) {
        return new Decision(service, Instant.EPOCH.plusSeconds(seq), seq, from, to, "target-tracking",
                Reason.TARGET_TRACKING, "m", Map.of());
    }

    @Test
    void actuatesAndReconcilesOnlyTheServicesItsIngestOwnsAndLetsGoOfARevokedOneAtOnce(Vertx vertx) throws Exception {
        Codecs.register(vertx.eventBus());
        OwnershipTarget target = new OwnershipTarget();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        vertx.deployVerticle(new ActuatorVerticle(target, Set.of("tiles", "maps"), Duration.ofMillis(20), Clock.systemUTC(),
                new ActuatorMeters(registry, "recording"))).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        var bus = vertx.eventBus();

        bus.publish(Addresses.OWNERSHIP, new OwnershipChange("ingest-1", true, Set.of("r-0"), Set.of(), Set.of("tiles")));
        bus.publish(Addresses.DECISIONS, of("maps", 1, 1, 5)); // another instance owns maps
        bus.publish(Addresses.DECISIONS, of("tiles", 1, 1, 3));
        await().atMost(Duration.ofSeconds(5)).until(() -> target.calls.contains("apply tiles 3"));
        assertThat(registry.find("microscaler_actuator_decisions").tag("verdict", "not-owned").counter().count())
                .isEqualTo(1.0);
        target.calls.clear();
        await().atMost(Duration.ofSeconds(5)).until(() -> target.count("observe tiles") >= 3);
        assertThat(target.calls).as("what it does not own, its owner reads and repairs").doesNotContain("observe maps")
                .doesNotContain("apply maps 5");

        // a rebalance: tiles moves to another instance, maps comes here
        bus.publish(Addresses.OWNERSHIP, new OwnershipChange("ingest-1", true, Set.of("r-1"), Set.of("tiles"), Set.of("maps")));
        await().atMost(Duration.ofSeconds(5)).until(() -> target.calls.contains("release tiles"));
        target.calls.clear();
        bus.publish(Addresses.DECISIONS, of("tiles", 2, 3, 2)); // decided before the revocation reached the evaluator
        await().atMost(Duration.ofSeconds(5)).until(() -> target.count("observe maps") >= 3);
        assertThat(target.calls).doesNotContain("observe tiles", "apply tiles 2");
    }

    /** A target whose "ghost" is missing until {@code exists}: each observe of it fails with a problem that backs off. */
    static final class GhostTarget implements ScalingTarget {
        final List<String> observed = new CopyOnWriteArrayList<>();
        volatile boolean exists;

        @Override
        public String name() {
            return "ghost";
        }

        @Override
        public Future<Capacity> apply(String service, int desired) {
            return Future.failedFuture(new IllegalStateException("not used"));
        }

        @Override
        public Future<Capacity> observe(String service) {
            observed.add(service);
            return exists ? Future.succeededFuture(new Capacity(2, 2, 0))
                    : Future.failedFuture(new IllegalStateException("no such service"));
        }

        @Override
        public java.util.Optional<Problem> problem(String service, Throwable failure) {
            return java.util.Optional.of(new Problem("service-missing", failure.getMessage(), true));
        }
    }

    @Test
    void capacityQueriesOfAMissingServiceBackOffAndAreReadAgainOnceDue(Vertx vertx) throws Exception {
        GhostTarget target = new GhostTarget();
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        io.microscaler.testing.MutableClock clock = new io.microscaler.testing.MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        List<io.microscaler.bus.ProblemReport> reports = new CopyOnWriteArrayList<>();
        Codecs.register(vertx.eventBus());
        vertx.eventBus().<io.microscaler.bus.ProblemReport>localConsumer(Addresses.PROBLEMS, m -> reports.add(m.body()));
        // Reconcile 15 s (the back-off's base; its real-time timer does not fire in this test's second): only
        // the owner's queries ask, one per 1 s tick on the test's clock, as the ingest side does while the count is unknown
        vertx.deployVerticle(new ActuatorVerticle(target, Set.of("ghost"), Duration.ofSeconds(15), clock,
                new ActuatorMeters(registry, "ghost"))).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);

        for (int tick = 0; tick < 29; tick++) { // 29 ticks of 1 s: within the first wait of 2 × 15 s
            query(vertx);
            clock.advance(Duration.ofSeconds(1));
        }
        assertThat(target.observed).as("one read, then the back-off answers").hasSize(1);
        assertThat(registry.find("microscaler_actuator_reads_backed_off").counter().count()).isEqualTo(28);
        await().atMost(Duration.ofSeconds(5)).until(() -> !reports.isEmpty()
                && reports.get(reports.size() - 1).problems().containsKey("ghost"));
        assertThat(reports.get(reports.size() - 1).allFailing()).isTrue();

        clock.advance(Duration.ofSeconds(1)); // 30 s after the first read: due
        target.exists = true;
        assertThat(query(vertx)).isTrue();
        assertThat(target.observed).hasSize(2);
        await().atMost(Duration.ofSeconds(5)).until(() -> reports.get(reports.size() - 1).problems().isEmpty());
        query(vertx);
        assertThat(target.observed).as("found: read at every query again").hasSize(3);
    }

    /** One capacity query, as an owner sends it; whether it was answered with counts. */
    private static boolean query(Vertx vertx) throws Exception {
        return vertx.eventBus().request(Addresses.CAPACITY_QUERY, "ghost").map(r -> true).otherwise(false)
                .toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }
}
