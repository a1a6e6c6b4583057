package io.microscaler.actuate.aws;

import static io.microscaler.testing.Decisions.decision;
import static io.microscaler.actuate.aws.TaskModeCloud.get;
import static io.microscaler.actuate.aws.TaskModeCloud.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.microscaler.actuate.ActuatorVerticle;
import io.microscaler.actuate.RoutingTarget;
import io.microscaler.actuate.ScalingTarget;
import io.microscaler.tasks.TaskModeSettings;
import io.microscaler.tasks.TaskTarget;
import io.microscaler.bus.Addresses;
import io.microscaler.bus.CapacityObserved;
import io.microscaler.bus.Codecs;
import io.microscaler.observability.ActuatorMeters;
import io.microscaler.policy.Capacity;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.LoadBalancer;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * Task mode behind the actuator, as the composition root wires it ({@link EcsTaskTarget#alongside}:
 * task-mode services beside a service-mode one), driven by decisions on the event bus, against a
 * local cloud that throttles, fails and answers slowly; on a Vert.x whose blocked-thread checker
 * reports any event loop task over {@link BlockedThreadWarnings#LIMIT_MS}.
 */
class EcsTaskTargetFaultsIT {

    private static final String CLUSTER = "faulty";
    private static final Duration RECONCILE = Duration.ofMillis(200);
    // Every answer comes this long after its request: a thread that waited for one would be blocked
    // 2.5 times the checker's limit, so a blocking wait cannot hide under the limit.
    private static final long SLOW_ANSWER_MS = BlockedThreadWarnings.LIMIT_MS * 5 / 2;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ActuatorMeters meters = new ActuatorMeters(registry, EcsTaskTarget.NAME);
    private final TaskModeEvidence evidence = new TaskModeEvidence();
    private final OperationLog operations = new OperationLog();
    private final EcsServiceTargetIT.EcsCounts counts = new EcsServiceTargetIT.EcsCounts();
    private final List<CapacityObserved> published = new CopyOnWriteArrayList<>();
    private TaskModeCloud world;
    private Vertx vertx;
    private AwsClients clients;
    private BlockedThreadWarnings blocked;

    @BeforeEach
    void start() {
        world = new TaskModeCloud();
        world.join(CLUSTER, "i-0aaaaaaaaaaaaaaa1", 4096, 8192);
        world.join(CLUSTER, "i-0bbbbbbbbbbbbbbb2", 4096, 8192);
        vertx = Vertx.vertx(BlockedThreadWarnings.strictOptions());
        Codecs.register(vertx.eventBus());
        clients = AwsClients.create(AwsSettings.endpoint(world.cloud.endpoint(), world.cloud.region(), "AKIDACTUATOR", "local"),
                List.of(evidence, operations));
    }

    @AfterEach
    void stop() {
        world.cloud.faults().clearAll();
        if (blocked != null) {
            blocked.close();
        }
        get(vertx.close());
        clients.close();
        world.close();
    }

    private Capacity lastPublished(String service) {
        List<CapacityObserved> mine = published.stream().filter(c -> c.service().equals(service)).toList();
        return mine.isEmpty() ? null : mine.get(mine.size() - 1).capacity();
    }

    @Test
    void taskModeConvergesUnderThrottlingAndServerErrorsWithoutDoubleLaunchesOrBlockedThreads() {
        String busyGroup = world.targetGroup("busy", 0);
        String warmGroup = world.targetGroup("warm", 0);
        String serviceModeGroup = world.targetGroup("classic", 0);
        get(world.operator.ecs().createService(r -> r.cluster(CLUSTER).serviceName("classic").taskDefinition("web")
                .desiredCount(1).launchType(LaunchType.EC2).loadBalancers(LoadBalancer.builder().targetGroupArn(serviceModeGroup)
                        .containerName(TaskModeCloud.CONTAINER).containerPort(TaskModeCloud.CONTAINER_PORT).build())));
        AwsCallListener listener = AwsCallListeners.both(counts, AwsCallListener.meters(meters));
        AwsCalls calls = new AwsCalls(vertx, new AwsCalls.Settings(8, Duration.ofMillis(10), Duration.ofMillis(200),
                Duration.ofSeconds(20), 50, 20), listener);
        EcsServiceTarget serviceMode = new EcsServiceTarget(clients.ecs(), clients.elb(), calls, CLUSTER, Map.of(), listener);
        Map<String, TaskModeSettings> taskModes = Map.of(
                "busy", TaskModeCloud.settings(CLUSTER, busyGroup),
                "warm", TaskModeCloud.settings(CLUSTER, "warm")); // by name: looked up once
        ScalingTarget target = EcsTaskTarget.alongside(serviceMode, taskModes, vertx, clients, calls, listener,
                EcsTaskTarget.Timings.fast());
        assertThat(target).isInstanceOf(RoutingTarget.class);
        assertThat(target.name()).isEqualTo("ecs-service+ecs-tasks");
        vertx.eventBus().<CapacityObserved>localConsumer(Addresses.CAPACITY, m -> published.add(m.body()));
        get(vertx.deployVerticle(new ActuatorVerticle(target, Set.of("busy", "warm", "classic"), RECONCILE,
                Clock.systemUTC(), meters)));
        world.cloud.faults().set("ecs:*", 0.30, 0.10, SLOW_ANSWER_MS);
        world.cloud.faults().set("elbv2:*", 0.30, 0.10, SLOW_ANSWER_MS);

        // Warm up every path (launch, register, drain, stop; service mode too) before watching for blocked threads.
        vertx.eventBus().publish(Addresses.DECISIONS, decision("warm", 1, 0, 2));
        until("warm at 2", () -> world.activeTasks(CLUSTER, "warm").size() == 2
                && new Capacity(2, 2, 0).equals(lastPublished("warm")));
        vertx.eventBus().publish(Addresses.DECISIONS, decision("warm", 2, 2, 1));
        vertx.eventBus().publish(Addresses.DECISIONS, decision("classic", 1, 1, 2));
        until("warm at 1, classic at 2", () -> world.activeTasks(CLUSTER, "warm").size() == 1
                && get(world.operator.ecs().describeServices(r -> r.cluster(CLUSTER).services("classic")))
                .services().get(0).desiredCount() == 2);
        blocked = new BlockedThreadWarnings();

        // busy: 0 → 5 → 8 → 3 → 6, each decision once the one before has reached ECS.
        int[] wanted = {5, 8, 3, 6};
        int from = 0;
        for (int i = 0; i < wanted.length; i++) {
            vertx.eventBus().publish(Addresses.DECISIONS, decision("busy", i + 1, from, wanted[i]));
            from = wanted[i];
            int want = wanted[i];
            until("busy has " + want + " tasks", () -> world.activeTasks(CLUSTER, "busy").size() == want);
        }
        until("busy reported at 6/6/0", () -> new Capacity(6, 6, 0).equals(lastPublished("busy")));
        assertThat(blocked.warnings()).isEmpty();
        world.cloud.faults().clearAll();
        until("ECS has 6 tasks of busy, each a healthy target", () -> {
            List<Task> active = world.activeTasks(CLUSTER, "busy");
            Set<TaskTarget> live = active.stream().map(t -> world.targetOf(CLUSTER, t)).collect(Collectors.toSet());
            Map<TaskTarget, String> targets = world.targets(busyGroup);
            return active.size() == 6 && targets.keySet().equals(live) && targets.values().stream().allMatch("healthy"::equals);
        });

        // Faults were met and retried.
        assertThat(counts.failedAttempts.get()).isPositive();
        assertThat(counts.retries.get()).isPositive();
        // No double launches: every task ECS ever started for busy was one RunTask answered with, and
        // each increase was launched once: 5 + 3 + 3 (nothing was draining to take back at 3 → 6).
        List<String> everBusy = allTasks("busy");
        Set<String> answered = evidence.steps().stream().filter(s -> s.kind().equals("launched"))
                .map(s -> (String) s.what()).collect(Collectors.toSet());
        assertThat(answered).containsAll(everBusy);
        assertThat(everBusy).hasSize(11);
        // The service-mode service went through UpdateService, untouched by task mode.
        assertThat(operations.desiredCounts()).isNotEmpty().containsOnly(2); // one per attempt
        System.out.printf("task mode under faults: %d busy tasks launched in all for 0→5→8→3→6; %d ECS attempts,"
                + " %d failed, %d retries; operations: %s%n", everBusy.size(), counts.attempts.get(),
                counts.failedAttempts.get(), counts.retries.get(), new TreeSet<>(operations.sent()));
        // Every operation the actuator sent is one the IAM policy lists for it.
        Set<String> allowed = new TreeSet<>();
        TaskModeCalls.OPERATIONS.forEach(op -> allowed.add(op.substring(op.indexOf(':') + 1)));
        allowed.addAll(List.of("UpdateService", "DescribeServices"));
        assertThat(operations.sent()).extracting(s -> s.substring(s.indexOf(':') + 1)).allMatch(allowed::contains);
    }

    /** Every task of the service ECS has, running or stopped. */
    private List<String> allTasks(String service) {
        List<String> arns = new ArrayList<>();
        for (DesiredStatus status : List.of(DesiredStatus.RUNNING, DesiredStatus.STOPPED)) {
            List<String> listed = get(world.operator.ecs().listTasks(b -> b.cluster(CLUSTER).family("web")
                    .desiredStatus(status))).taskArns();
            if (!listed.isEmpty()) {
                get(world.operator.ecs().describeTasks(b -> b.cluster(CLUSTER).tasks(listed))).tasks().stream()
                        .filter(t -> TaskModeSettings.group(service).equals(t.group())).forEach(t -> arns.add(t.taskArn()));
            }
        }
        return arns;
    }
}
