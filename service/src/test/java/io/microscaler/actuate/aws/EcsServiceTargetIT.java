package io.microscaler.actuate.aws;

import static io.microscaler.testing.Decisions.decision;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.microscaler.actuate.ActuatorVerticle;
import io.microscaler.bus.Addresses;
import io.microscaler.bus.CapacityObserved;
import io.microscaler.bus.Codecs;
import io.microscaler.localcloud.AutoScalingGroupSpec;
import io.microscaler.localcloud.ClusterEventSink;
import io.microscaler.localcloud.ContainerRuntime;
import io.microscaler.localcloud.HealthProbe;
import io.microscaler.localcloud.LocalCloud;
import io.microscaler.localcloud.LocalCloudSettings;
import io.microscaler.observability.ActuatorMeters;
import io.microscaler.policy.Capacity;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.TransportProtocol;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

/**
 * The ECS service target against the local cloud over HTTP, set up through the SDK as an operator
 * would set up AWS: a cluster fed by an Auto Scaling group of 4 instances, a bridge-mode task
 * definition with dynamic host ports, services behind a target group. The actuator runs on a
 * Vert.x whose blocked-thread checker reports any event loop task over
 * {@link BlockedThreadWarnings#LIMIT_MS}.
 */
class EcsServiceTargetIT {

    private static final String CLUSTER = "microscaler";
    private static final Duration RECONCILE = Duration.ofMillis(200);
    private static final int MAX_ATTEMPTS = 8;
    private static final int WARM_UP_DECISIONS = 4;
    // Every ECS answer comes this long after its request: a thread that waited for one would be
    // blocked 2.5 times the checker's limit, so a blocking wait cannot hide under the limit.
    private static final long SLOW_ANSWER_MS = BlockedThreadWarnings.LIMIT_MS * 5 / 2;

    private static Vertx cloudVertx;
    private static LocalCloud cloud;
    /** The operator's clients: set-up and checks, not counted. */
    private static AwsClients operator;
    private static String targetGroupArn;
    private static final AtomicInteger services = new AtomicInteger();

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ActuatorMeters meters = new ActuatorMeters(registry, EcsServiceTarget.NAME);
    private final OperationLog operations = new OperationLog();
    private final EcsCounts counts = new EcsCounts();
    private Vertx vertx;
    private AwsClients clients;
    private BlockedThreadWarnings blocked;
    private final List<String> created = new ArrayList<>();

    /** ECS calls and attempts as AwsCalls reports them (ELB calls are not counted). */
    static final class EcsCounts implements AwsCallListener {
        final AtomicInteger attempts = new AtomicInteger();
        final AtomicInteger succeeded = new AtomicInteger();
        final AtomicInteger retries = new AtomicInteger();
        final AtomicInteger gaveUp = new AtomicInteger();
        final AtomicInteger failedAttempts = new AtomicInteger();

        @Override
        public void attempt(String api, CallOutcome outcome) {
            if (api.startsWith("ecs:")) {
                attempts.incrementAndGet();
                (outcome == CallOutcome.SUCCESS ? succeeded : failedAttempts).incrementAndGet();
            }
        }

        @Override
        public void retry(String api, CallOutcome cause) {
            if (api.startsWith("ecs:")) {
                retries.incrementAndGet();
            }
        }

        @Override
        public void gaveUp(String api, CallOutcome last) {
            if (api.startsWith("ecs:")) {
                gaveUp.incrementAndGet();
            }
        }

        int calls() {
            return succeeded.get() + gaveUp.get();
        }

        int inFlight() {
            return attempts.get() - retries.get() - calls();
        }
    }

    @BeforeAll
    static void startCloud() throws Exception {
        cloudVertx = Vertx.vertx();
        cloud = get(LocalCloud.start(cloudVertx, LocalCloudSettings.fast(), ContainerRuntime.NONE,
                HealthProbe.ALWAYS_HEALTHY, ClusterEventSink.NONE));
        operator = AwsClients.create(AwsSettings.endpoint(cloud.endpoint(), cloud.region(), "AKIDOPERATOR", "local"));
        get(operator.ecs().createCluster(r -> r.clusterName(CLUSTER)));
        get(cloud.addAutoScalingGroup(new AutoScalingGroupSpec("microscaler-asg", CLUSTER, 4096, 7680, 4, 4, 4, false)));
        await().atMost(Duration.ofSeconds(10)).until(() ->
                get(operator.ecs().listContainerInstances(r -> r.cluster(CLUSTER))).containerInstanceArns().size() == 4);
        get(operator.ecs().registerTaskDefinition(r -> r.family("web").networkMode(NetworkMode.BRIDGE)
                .containerDefinitions(ContainerDefinition.builder().name("web").image("web:1").cpu(32).memory(128)
                        .essential(true).portMappings(PortMapping.builder().containerPort(8080).hostPort(0)
                                .protocol(TransportProtocol.TCP).build()).build())));
        targetGroupArn = get(operator.elb().createTargetGroup(b -> b.name("web").protocol(ProtocolEnum.HTTP).port(8080)
                .vpcId("vpc-local").targetType(TargetTypeEnum.INSTANCE))).targetGroups().get(0).targetGroupArn();
    }

    @AfterAll
    static void stopCloud() throws Exception {
        operator.close();
        get(cloud.close());
        get(cloudVertx.close());
    }

    @BeforeEach
    void startActuatorSide() {
        vertx = Vertx.vertx(BlockedThreadWarnings.strictOptions());
        Codecs.register(vertx.eventBus());
        // Nothing here knows the local cloud: only the endpoint and dummy keys differ from production.
        clients = AwsClients.create(AwsSettings.endpoint(cloud.endpoint(), cloud.region(), "AKIDACTUATOR", "local"),
                List.of(operations));
    }

    @AfterEach
    void stopActuatorSide() throws Exception {
        cloud.faults().clearAll();
        if (blocked != null) {
            blocked.close();
        }
        get(vertx.close());
        clients.close();
        // Free the cluster for the next test.
        for (String service : created) {
            operator.ecs().updateService(r -> r.cluster(CLUSTER).service(service).desiredCount(0)).join();
        }
    }

    /** A new ECS service with {@code desired} tasks, behind the target group. */
    private String createService(int desired) {
        String name = "svc-" + services.incrementAndGet();
        get(operator.ecs().createService(r -> r.cluster(CLUSTER).serviceName(name).taskDefinition("web")
                .desiredCount(desired).launchType(LaunchType.EC2)
                .loadBalancers(l -> l.targetGroupArn(targetGroupArn).containerName("web").containerPort(8080))));
        created.add(name);
        return name;
    }

    /** The service as the operator reads it, retrying through injected faults. */
    private static Service described(String service) {
        return await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(
                () -> get(operator.ecs().describeServices(r -> r.cluster(CLUSTER).services(service))).services().get(0),
                s -> true);
    }

    /** For failure messages: the service's counts and newest events as ECS reports them. */
    private static String state(String service) {
        try {
            Service s = get(operator.ecs().describeServices(r -> r.cluster(CLUSTER).services(service))).services().get(0);
            return "desired " + s.desiredCount() + " running " + s.runningCount() + " pending " + s.pendingCount()
                    + " events " + s.events().stream().limit(3).map(e -> e.message()).toList();
        } catch (RuntimeException e) {
            return "(unreadable: " + e + ")";
        }
    }

    private EcsServiceTarget target(Map<String, EcsServiceTarget.Bounds> bounds) {
        AwsCallListener listener = AwsCallListeners.both(counts, AwsCallListener.meters(meters));
        AwsCalls.Settings settings = new AwsCalls.Settings(MAX_ATTEMPTS, Duration.ofMillis(10), Duration.ofMillis(200),
                Duration.ofSeconds(20), 50, 20);
        return new EcsServiceTarget(clients.ecs(), clients.elb(), new AwsCalls(vertx, settings, listener), CLUSTER,
                bounds, listener);
    }

    /** Sends decisions for a service of its own first, then starts collecting blocked-thread warnings (see EcsOverHttpTest). */
    private void warmUp(String service) {
        for (int seq = 1; seq <= WARM_UP_DECISIONS; seq++) {
            vertx.eventBus().publish(Addresses.DECISIONS, decision(service, seq, seq, seq + 1));
            int want = seq + 1;
            await().atMost(Duration.ofSeconds(20)).until(() -> described(service).desiredCount() == want);
        }
        blocked = new BlockedThreadWarnings();
    }

    @Test
    void convergesUnderThrottlingAndServerErrorsWithinBoundsAndWithABoundedNumberOfCalls() {
        String web = createService(1);
        String warmUp = createService(1);
        cloud.faults().set("ecs:*", 0.30, 0.10, SLOW_ANSWER_MS);
        EcsServiceTarget target = target(Map.of(web, new EcsServiceTarget.Bounds(1, 10)));
        List<CapacityObserved> observed = new java.util.concurrent.CopyOnWriteArrayList<>();
        vertx.eventBus().<CapacityObserved>localConsumer(Addresses.CAPACITY, m -> observed.add(m.body()));
        long started = System.nanoTime();
        String deployment = get(vertx.deployVerticle(new ActuatorVerticle(target, Set.of(web), RECONCILE,
                Clock.systemUTC(), meters)));
        warmUp(warmUp);

        // 15, 0 and 12 are outside [1, 10]: the policy would clamp them; the target does too.
        int[] wanted = {3, 7, 15, 0, 5, 12, 4};
        int[] expected = {3, 7, 10, 1, 5, 10, 4};
        int from = 1;
        for (int i = 0; i < wanted.length; i++) {
            vertx.eventBus().publish(Addresses.DECISIONS, decision(web, i + 1, from, wanted[i]));
            int want = expected[i];
            await().atMost(Duration.ofSeconds(30)).until(() -> described(web).desiredCount() == want);
            from = wanted[i];
        }
        // ECS starts the tasks; the reconciler reads them back and publishes them.
        await().atMost(Duration.ofSeconds(30)).alias("last capacity published is 4/4/0; ECS says " + new Object() {
            @Override
            public String toString() {
                return state(web) + ", published " + (observed.isEmpty() ? "nothing" : observed.get(observed.size() - 1));
            }
        }).until(() -> !observed.isEmpty() && observed.get(observed.size() - 1).capacity().equals(new Capacity(4, 4, 0)));
        assertThat(blocked.warnings()).isEmpty();

        // Stop the actuator, let calls in flight end, then count.
        get(vertx.undeploy(deployment));
        await().atMost(Duration.ofSeconds(30)).during(Duration.ofMillis(500)).until(() -> counts.inFlight() == 0
                && operations.sent().stream().filter(s -> s.startsWith("Ecs:")).count() == counts.attempts.get());
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        cloud.faults().clearAll();

        assertThat(described(web).desiredCount()).isEqualTo(4);
        assertThat(operations.desiredCounts()).allSatisfy(n -> assertThat(n).isBetween(1, 10));
        // Faults were really met, and retried.
        assertThat(counts.failedAttempts.get()).isPositive();
        assertThat(counts.retries.get()).isPositive();
        // Hard bound over the whole run: each decision is at most one apply (UpdateService +
        // DescribeServices); each reconcile round of the one reconciled service at most
        // DescribeServices + a repairing UpdateService; each call at most MAX_ATTEMPTS attempts.
        long rounds = elapsedMs / RECONCILE.toMillis() + 1;
        long logicalBound = 2L * (wanted.length + WARM_UP_DECISIONS) + 2 * rounds;
        long ecsRequests = operations.sent().stream().filter(s -> s.startsWith("Ecs:")).count();
        System.out.printf("converged in %d ms: %d ECS calls (bound %d), %d attempts = %d requests%n", elapsedMs,
                counts.calls(), logicalBound, counts.attempts.get(), ecsRequests);
        assertThat((long) counts.calls()).isLessThanOrEqualTo(logicalBound);
        assertThat(ecsRequests).isEqualTo(counts.attempts.get()).isLessThanOrEqualTo(MAX_ATTEMPTS * logicalBound);
        // Expected: with 40 % of attempts failing a call takes 1 / 0.6 ≈ 1.7 attempts on average.
        assertThat((double) ecsRequests).isLessThanOrEqualTo(2.5 * counts.calls());
    }

    @Test
    void noEventLoopBlocksDuringABurstOfActuation() {
        List<String> burst = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            burst.add(createService(1));
        }
        String warmUp = createService(1);
        cloud.faults().set("ecs:*", 0.20, 0.05, SLOW_ANSWER_MS);
        EcsServiceTarget target = target(Map.of());
        get(vertx.deployVerticle(new ActuatorVerticle(target, Set.copyOf(burst), RECONCILE, Clock.systemUTC(), meters)));
        warmUp(warmUp);

        // Each service gets 10 decisions in waves 5 ms apart; the newest wins.
        AtomicInteger seq = new AtomicInteger(1);
        vertx.setPeriodic(5, timer -> {
            int n = seq.getAndIncrement();
            for (String s : burst) {
                vertx.eventBus().publish(Addresses.DECISIONS, decision(s, n, n, n + 1));
            }
            if (n == 10) {
                vertx.cancelTimer(timer);
            }
        });
        await().atMost(Duration.ofSeconds(60)).until(() -> burst.stream().allMatch(s -> described(s).desiredCount() == 11));

        assertThat(counts.attempts.get()).isGreaterThan(20);
        assertThat(blocked.warnings()).isEmpty();
    }

    @Test
    void resultsCompleteOnTheCallersContextAndReadCountsHealthyTargets() throws Exception {
        String web = createService(1);
        EcsServiceTarget target = target(Map.of());
        Context context = vertx.getOrCreateContext();
        CompletableFuture<List<Object>> seen = new CompletableFuture<>();

        context.runOnContext(v -> target.apply(web, 3).onComplete(applied -> {
            Context onApply = Vertx.currentContext();
            boolean onEventLoop = Context.isOnEventLoopThread();
            seen.complete(List.of(onApply, onEventLoop, applied.succeeded() ? applied.result().desired() : applied.cause()));
        }));
        List<Object> result = seen.get(30, TimeUnit.SECONDS);
        assertThat(result.get(0)).isSameAs(context);
        assertThat(result.get(1)).isEqualTo(true);
        assertThat(result.get(2)).isEqualTo(3);

        // ECS starts the tasks, registers them in the target group, the load balancer finds them healthy.
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            CompletableFuture<ServiceCounts> read = new CompletableFuture<>();
            context.runOnContext(v -> target.read(web).onComplete(r -> {
                if (Vertx.currentContext() != context) {
                    read.completeExceptionally(new AssertionError("completed on another context"));
                } else if (r.succeeded()) {
                    read.complete(r.result());
                } else {
                    read.completeExceptionally(r.cause());
                }
            }));
            ServiceCounts counts = read.get(20, TimeUnit.SECONDS);
            // Every service shares the one target group: at least this service's 3 are healthy.
            return counts.desired() == 3 && counts.running() == 3 && counts.healthy().orElse(0) >= 3;
        });
    }

    @Test
    void aServiceBehindALoadBalancerIsNeverSetToZeroWhileOneWithoutIs() throws Exception {
        String web = createService(2); // behind the target group
        String worker = "svc-" + services.incrementAndGet(); // a queue worker: no load balancer
        get(operator.ecs().createService(r -> r.cluster(CLUSTER).serviceName(worker).taskDefinition("web")
                .desiredCount(2).launchType(LaunchType.EC2)));
        created.add(worker);
        EcsServiceTarget target = target(Map.of(web, new EcsServiceTarget.Bounds(0, 10),
                worker, new EcsServiceTarget.Bounds(0, 10)));
        CompletableFuture<List<Integer>> applied = new CompletableFuture<>();

        // the actuator reads a service before it applies to it (a decision needs its counts)
        vertx.getOrCreateContext().runOnContext(v -> target.read(web).compose(r -> target.read(worker))
                .compose(r -> target.apply(web, 0)).compose(a -> target.apply(worker, 0).map(b -> List.of(a.desired(), b.desired())))
                .onComplete(r -> {
                    if (r.succeeded()) {
                        applied.complete(r.result());
                    } else {
                        applied.completeExceptionally(r.cause());
                    }
                }));

        assertThat(applied.get(30, TimeUnit.SECONDS)).containsExactly(1, 0);
        assertThat(described(web).desiredCount()).isEqualTo(1);
        assertThat(described(worker).desiredCount()).isZero();
    }

    @Test
    void aMissingServiceOrClusterIsNamed() throws Exception {
        EcsServiceTarget target = target(Map.of());
        AwsCalls calls = new AwsCalls(vertx, new AwsCalls.Settings(3, Duration.ofMillis(1), Duration.ofMillis(5),
                Duration.ofSeconds(5), 50, 20), AwsCallListener.NONE);
        EcsServiceTarget elsewhere = new EcsServiceTarget(clients.ecs(), clients.elb(), calls, "no-such-cluster",
                Map.of(), AwsCallListener.NONE);
        CompletableFuture<List<Throwable>> failures = new CompletableFuture<>();

        vertx.getOrCreateContext().runOnContext(v -> target.apply("ghost", 2).onComplete(update ->
                target.observe("ghost").onComplete(read -> failures.complete(List.of(update.cause(), read.cause())))));
        List<Throwable> both = failures.get(30, TimeUnit.SECONDS);
        assertThat(both).allSatisfy(e -> assertThat(e).isInstanceOf(ServiceMissingException.class)
                .hasMessageStartingWith("ECS service 'ghost' not found in cluster 'microscaler'"));
        // Both failed calls, in the metrics too: UpdateService's ServiceNotFoundException, and the 200 of
        // DescribeServices whose failures say MISSING (before, counted as a success)
        assertThat(counts.succeeded).hasValue(0);
        assertThat(counts.failedAttempts).hasValue(2);

        CompletableFuture<Throwable> noCluster = new CompletableFuture<>();
        vertx.getOrCreateContext().runOnContext(v -> elsewhere.observe("svc-1")
                .onComplete(r -> noCluster.complete(r.cause())));
        assertThat(noCluster.get(30, TimeUnit.SECONDS)).isInstanceOf(ServiceMissingException.class)
                .hasMessageStartingWith("ECS cluster 'no-such-cluster' not found (reading service 'svc-1')")
                .satisfies(e -> assertThat(((ServiceMissingException) e).clusterMissing()).isTrue());
    }

    static <T> T get(Future<T> future) {
        return get(future.toCompletionStage().toCompletableFuture());
    }

    static <T> T get(CompletableFuture<T> future) {
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e.getCause() != null ? e.getCause() : e);
        }
    }
}
