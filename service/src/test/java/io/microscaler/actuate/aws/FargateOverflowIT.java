package io.microscaler.actuate.aws;

import static io.microscaler.actuate.aws.TaskModeCloud.get;
import static io.microscaler.actuate.aws.TaskModeCloud.on;
import static io.microscaler.actuate.aws.TaskModeCloud.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.microscaler.tasks.AwsvpcNetwork;
import io.microscaler.tasks.TaskCounts;
import io.microscaler.tasks.TaskModeSettings;
import io.microscaler.tasks.TaskTarget;
import io.microscaler.observability.ActuatorMeters;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TransportProtocol;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupAttribute;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

/**
 * Fargate overflow and return in task mode, against the local cloud over HTTP with the real SDK
 * clients: a service whose awsvpc task definition may run on EC2 or Fargate asks for more tasks
 * than its one instance holds; the ones ECS cannot place (RESOURCE:*) run on Fargate, in the same
 * {@code ip} target group. When another instance joins, each Fargate task is replaced on EC2:
 * the new task is healthy before the old one is deregistered, so the service never has fewer
 * healthy targets than it asked for.
 */
class FargateOverflowIT {

    private static final String SERVICE = "tiles";
    private static final String CLUSTER = "overflow";
    private static final String TASK_DEFINITION = "tiles-awsvpc";
    /** Fargate's smallest size; an instance of 512 CPU units and 1024 MiB holds two. */
    private static final int TASK_CPU = 256;
    private static final int TASK_MEMORY = 512;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ActuatorMeters meters = new ActuatorMeters(registry, EcsTaskTarget.NAME);
    private final TaskModeEvidence evidence = new TaskModeEvidence();
    private TaskModeCloud world;
    private Vertx vertx;
    private AwsClients clients;
    private Context context;

    @BeforeEach
    void start() {
        world = new TaskModeCloud();
        get(world.operator.ecs().registerTaskDefinition(r -> r.family(TASK_DEFINITION).networkMode(NetworkMode.AWSVPC)
                .requiresCompatibilities(Compatibility.EC2, Compatibility.FARGATE)
                .cpu(String.valueOf(TASK_CPU)).memory(String.valueOf(TASK_MEMORY))
                .containerDefinitions(ContainerDefinition.builder().name(TaskModeCloud.CONTAINER).image("tiles:1").essential(true)
                        .portMappings(PortMapping.builder().containerPort(TaskModeCloud.CONTAINER_PORT)
                                .protocol(TransportProtocol.TCP).build()).build())));
        vertx = Vertx.vertx();
        clients = AwsClients.create(AwsSettings.endpoint(world.cloud.endpoint(), world.cloud.region(), "AKIDACTUATOR", "local"),
                List.of(evidence));
        context = vertx.getOrCreateContext();
    }

    @AfterEach
    void stop() {
        get(vertx.close());
        clients.close();
        world.close();
    }

    @Test
    void tasksWithoutRoomOnEc2RunOnFargateAndMoveBackWhenRoomReturns() {
        world.join(CLUSTER, "i-0aaaaaaaaaaaaaaa1", 2 * TASK_CPU, 2 * TASK_MEMORY);
        String group = ipTargetGroup();
        EcsTaskTarget target = target(group);

        on(context, () -> target.apply(SERVICE, 4));
        until("4 tasks healthy", () -> read(target).running() == 4);

        List<Task> overflowed = world.activeTasks(CLUSTER, SERVICE);
        assertThat(launchTypes(overflowed)).containsExactlyInAnyOrderEntriesOf(Map.of("EC2", 2L, "FARGATE", 2L));
        Set<TaskTarget> fargateTargets = targetsOf(overflowed, "FARGATE");
        assertThat(world.targets(group)).hasSize(4).containsKeys(fargateTargets.toArray(TaskTarget[]::new))
                .allSatisfy((t, state) -> assertThat(state).isEqualTo("healthy"));
        assertThat(read(target).lastFailure()).as("overflow is not a failure").isEmpty();

        // Room returns: the reconciler moves the Fargate tasks back, start new → healthy → drain old.
        world.join(CLUSTER, "i-0bbbbbbbbbbbbbbb2", 2 * TASK_CPU, 2 * TASK_MEMORY);
        until("every task on EC2, 4 healthy", () -> {
            // Each read is a reconcile, as the actuator's reconcile interval runs them.
            TaskCounts counts = read(target);
            return counts.equals(new TaskCounts(4, 4, 0, 0, Optional.empty()))
                    && launchTypes(world.activeTasks(CLUSTER, SERVICE)).equals(Map.of("EC2", 4L));
        });
        List<Task> returned = world.activeTasks(CLUSTER, SERVICE);
        assertThat(world.targets(group)).containsOnlyKeys(targetsOf(returned, "EC2"))
                .allSatisfy((t, state) -> assertThat(state).isEqualTo("healthy"));

        // Each Fargate target was deregistered only when the actuator had last seen at least 5 healthy
        // targets: its replacement's and the 4 the service asked for.
        List<TaskModeEvidence.Step> steps = evidence.steps();
        for (TaskTarget old : fargateTargets) {
            assertThat(TaskModeEvidence.healthySeenBeforeDeregistering(steps, old))
                    .as("healthy targets seen before %s was deregistered", old).isGreaterThanOrEqualTo(5);
        }
    }

    @Test
    void aServiceWithoutFargateOverflowWaitsForEc2Room() {
        world.join(CLUSTER, "i-0aaaaaaaaaaaaaaa1", 2 * TASK_CPU, 2 * TASK_MEMORY);
        String group = ipTargetGroup();
        TaskModeSettings ec2Only = new TaskModeSettings(CLUSTER, TASK_DEFINITION, group, TaskModeCloud.CONTAINER,
                TaskModeCloud.CONTAINER_PORT, io.microscaler.tasks.LaunchType.EC2, TaskModeSettings.STARTED_BY,
                network(), false, 0);
        EcsTaskTarget target = target(ec2Only);

        on(context, () -> target.apply(SERVICE, 4));
        until("the 2 that fit are healthy and the rest reported", () -> read(target).running() == 2
                && read(target).lastFailure().isPresent());
        assertThat(read(target).lastFailure().orElseThrow().noRoom()).isTrue();
        assertThat(launchTypes(world.activeTasks(CLUSTER, SERVICE))).isEqualTo(Map.of("EC2", 2L));
    }

    private static AwsvpcNetwork network() {
        return new AwsvpcNetwork(List.of("subnet-0a1b2c3d"), List.of("sg-0a1b2c3d"));
    }

    private String ipTargetGroup() {
        String arn = get(world.operator.elb().createTargetGroup(b -> b.name("tiles").protocol(ProtocolEnum.HTTP)
                .port(TaskModeCloud.CONTAINER_PORT).vpcId("vpc-local").targetType(TargetTypeEnum.IP)
                .healthCheckIntervalSeconds(5).healthyThresholdCount(2))).targetGroups().get(0).targetGroupArn();
        get(world.operator.elb().modifyTargetGroupAttributes(b -> b.targetGroupArn(arn).attributes(TargetGroupAttribute.builder()
                .key(TaskModeCalls.DEREGISTRATION_DELAY).value("0").build())));
        return arn;
    }

    private EcsTaskTarget target(String group) {
        return target(new TaskModeSettings(CLUSTER, TASK_DEFINITION, group, TaskModeCloud.CONTAINER,
                TaskModeCloud.CONTAINER_PORT, io.microscaler.tasks.LaunchType.EC2, TaskModeSettings.STARTED_BY)
                .withFargateOverflow(network()));
    }

    private EcsTaskTarget target(TaskModeSettings settings) {
        AwsCalls calls = new AwsCalls(vertx, new AwsCalls.Settings(5, Duration.ofMillis(10), Duration.ofMillis(100),
                Duration.ofSeconds(20), 100, 50), AwsCallListener.meters(meters));
        return new EcsTaskTarget(vertx, clients.ecs(), clients.elb(), calls, Map.of(SERVICE, settings),
                EcsTaskTarget.Timings.fast(), Clock.systemUTC(), AwsCallListener.meters(meters));
    }

    private TaskCounts read(EcsTaskTarget target) {
        return on(context, () -> target.read(SERVICE));
    }

    private static Map<String, Long> launchTypes(List<Task> tasks) {
        return tasks.stream().collect(Collectors.groupingBy(Task::launchTypeAsString, Collectors.counting()));
    }

    /** The tasks' ip targets: their own address and the container port. */
    private static Set<TaskTarget> targetsOf(List<Task> tasks, String launchType) {
        return tasks.stream().filter(t -> launchType.equals(t.launchTypeAsString()))
                .map(t -> new TaskTarget(t.containers().get(0).networkInterfaces().get(0).privateIpv4Address(),
                        TaskModeCloud.CONTAINER_PORT))
                .collect(Collectors.toSet());
    }
}
