package io.microscaler.actuate.aws;

import static io.microscaler.actuate.aws.TaskModeCloud.get;
import static io.microscaler.actuate.aws.TaskModeCloud.on;
import static io.microscaler.actuate.aws.TaskModeCloud.until;
import static org.assertj.core.api.Assertions.assertThat;

import io.microscaler.tasks.TaskCounts;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;

/**
 * Task mode against the local cloud over HTTP with the real SDK clients: tasks on dynamic host
 * ports registered one by one, draining before StopTask, the emptiest instance giving up its task
 * first, and the reconciler repairing what others changed. Each test has its own cluster and
 * target group; the actuator side (its Vert.x, clients and target) is new per test.
 */
class EcsTaskTargetIT {

    private static final String SERVICE = "web";
    private static final String INSTANCE_A = "i-0aaaaaaaaaaaaaaa1";
    private static final String INSTANCE_B = "i-0bbbbbbbbbbbbbbb2";

    private static TaskModeCloud world;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ActuatorMeters meters = new ActuatorMeters(registry, EcsTaskTarget.NAME);
    private final TaskModeEvidence evidence = new TaskModeEvidence();
    private Vertx vertx;
    private AwsClients clients;
    private Context context;

    @BeforeAll
    static void startCloud() {
        world = new TaskModeCloud();
    }

    @AfterAll
    static void stopCloud() {
        world.close();
    }

    @BeforeEach
    void startActuatorSide() {
        vertx = Vertx.vertx();
        clients = AwsClients.create(AwsSettings.endpoint(world.cloud.endpoint(), world.cloud.region(), "AKIDACTUATOR", "local"),
                List.of(evidence));
        context = vertx.getOrCreateContext();
    }

    @AfterEach
    void stopActuatorSide() {
        get(vertx.close());
        clients.close();
    }

    private EcsTaskTarget target(String cluster, String targetGroupArn) {
        AwsCalls calls = new AwsCalls(vertx, new AwsCalls.Settings(5, Duration.ofMillis(10), Duration.ofMillis(100),
                Duration.ofSeconds(20), 100, 50), AwsCallListener.meters(meters));
        return new EcsTaskTarget(vertx, clients.ecs(), clients.elb(), calls,
                Map.of(SERVICE, TaskModeCloud.settings(cluster, targetGroupArn)), EcsTaskTarget.Timings.fast(),
                Clock.systemUTC(), AwsCallListener.meters(meters));
    }

    private TaskCounts read(EcsTaskTarget target) {
        return on(context, () -> target.read(SERVICE));
    }

    private static TargetDescription description(TaskTarget target) {
        return TargetDescription.builder().id(target.id()).port(target.port()).build();
    }

    private double repairs() {
        return registry.get("microscaler_actuator_repairs").counter().count();
    }

    @Test
    void manyTasksOnOneInstanceAreEachTheirOwnTargetOnTheirOwnHostPort() {
        String cluster = "dynamic-ports";
        world.join(cluster, INSTANCE_A, 4096, 8192);
        String group = world.targetGroup("dynamic-ports", 0);
        EcsTaskTarget target = target(cluster, group);

        on(context, () -> target.apply(SERVICE, 6));
        until("6 tasks running and healthy", () -> read(target).running() == 6);

        List<Task> tasks = world.activeTasks(cluster, SERVICE);
        Set<TaskTarget> expected = tasks.stream().map(t -> world.targetOf(cluster, t)).collect(Collectors.toSet());
        Map<TaskTarget, String> registered = world.targets(group);
        assertThat(tasks).hasSize(6).allSatisfy(t -> assertThat(t.lastStatus()).isEqualTo("RUNNING"));
        assertThat(expected).hasSize(6).extracting(TaskTarget::id).containsOnly(INSTANCE_A);
        assertThat(expected).extracting(TaskTarget::port).doesNotHaveDuplicates();
        assertThat(registered).containsOnlyKeys(expected).allSatisfy((t, state) -> assertThat(state).isEqualTo("healthy"));
        assertThat(read(target)).isEqualTo(new TaskCounts(6, 6, 0, 0, Optional.empty()));
    }

    @Test
    void aTaskIsStoppedOnlyAfterItsTargetHasDrained() {
        String cluster = "draining";
        world.join(cluster, INSTANCE_A, 4096, 8192);
        String group = world.targetGroup("draining", 1);
        EcsTaskTarget target = target(cluster, group);
        on(context, () -> target.apply(SERVICE, 3));
        until("3 tasks healthy", () -> read(target).running() == 3);
        Map<String, TaskTarget> targetByTask = world.activeTasks(cluster, SERVICE).stream()
                .collect(Collectors.toMap(Task::taskArn, t -> world.targetOf(cluster, t)));

        TaskCounts afterApply = on(context, () -> target.apply(SERVICE, 1).map(c -> target.counts(SERVICE).orElseThrow()));

        // Deregistered at once: no longer capacity, but not stopped while they drain.
        assertThat(afterApply.running()).isEqualTo(1);
        assertThat(afterApply.draining()).isEqualTo(2);
        until("2 tasks stopped", () -> world.activeTasks(cluster, SERVICE).size() == 1 && read(target).draining() == 0);

        List<TaskModeEvidence.Step> steps = evidence.steps();
        List<String> stopped = steps.stream().filter(s -> s.kind().equals("stop")).map(s -> (String) s.what())
                .distinct().toList();
        assertThat(stopped).hasSize(2);
        for (String task : stopped) {
            TaskTarget t = targetByTask.get(task);
            int deregistered = TaskModeEvidence.first(steps, 0,
                    s -> s.kind().equals("deregister") && ((List<?>) s.what()).contains(t));
            int seenDraining = TaskModeEvidence.first(steps, deregistered,
                    s -> s.kind().equals("health") && "draining".equals(TaskModeEvidence.health(s).get(t)));
            int seenGone = TaskModeEvidence.first(steps, seenDraining,
                    s -> s.kind().equals("health") && !TaskModeEvidence.health(s).containsKey(t));
            int stop = TaskModeEvidence.first(steps, 0, s -> s.kind().equals("stop") && task.equals(s.what()));
            assertThat(deregistered).as("DeregisterTargets of %s", t).isNotNegative();
            assertThat(seenDraining).as("%s seen draining after DeregisterTargets", t).isGreaterThan(deregistered);
            assertThat(seenGone).as("%s seen gone after draining", t).isGreaterThan(seenDraining);
            assertThat(stop).as("StopTask of %s after its target was gone", task).isGreaterThan(seenGone);
            assertThat(world.describe(cluster, task).stoppedReason()).isEqualTo("microscaler scale-in");
        }
        // The task that stays is the one whose target was never deregistered, and it still serves.
        Set<TaskTarget> left = world.targets(group).keySet();
        assertThat(left).hasSize(1).doesNotContainAnyElementsOf(stopped.stream().map(targetByTask::get).toList());
    }

    @Test
    void aScaleOutWhileTasksDrainTakesThemBackInsteadOfLaunching() {
        String cluster = "reclaim";
        world.join(cluster, INSTANCE_A, 4096, 8192);
        String group = world.targetGroup("reclaim", 30);
        EcsTaskTarget target = target(cluster, group);
        on(context, () -> target.apply(SERVICE, 3));
        until("3 healthy", () -> read(target).running() == 3);

        TaskCounts draining = on(context, () -> target.apply(SERVICE, 1).map(c -> target.counts(SERVICE).orElseThrow()));
        assertThat(draining.draining()).isEqualTo(2);
        assertThat(world.targets(group).values()).containsExactlyInAnyOrder("healthy", "draining", "draining");

        on(context, () -> target.apply(SERVICE, 3));
        until("3 healthy again", () -> read(target).running() == 3);
        assertThat(world.targets(group).values()).containsOnly("healthy").hasSize(3);
        assertThat(evidence.launched()).isEqualTo(3);
        assertThat(evidence.steps()).noneMatch(s -> s.kind().equals("stop"));
        assertThat(world.activeTasks(cluster, SERVICE)).hasSize(3);
    }

    @Test
    void scaleInStopsTheTaskOnTheInstanceClosestToEmpty() {
        String cluster = "emptiest";
        world.join(cluster, INSTANCE_A, 4096, 8192);
        String group = world.targetGroup("emptiest", 0);
        EcsTaskTarget target = target(cluster, group);
        on(context, () -> target.apply(SERVICE, 2));
        until("2 tasks on A", () -> read(target).running() == 2);
        // B holds one task: ECS spreads the third there, and the fourth, not fitting B, goes to A.
        world.join(cluster, INSTANCE_B, 1024, TaskModeCloud.TASK_MEMORY + 64);
        on(context, () -> target.apply(SERVICE, 3));
        until("3 tasks", () -> read(target).running() == 3);
        on(context, () -> target.apply(SERVICE, 4));
        until("4 tasks", () -> read(target).running() == 4);
        Map<String, List<String>> tasksByInstance = world.activeTasks(cluster, SERVICE).stream().collect(Collectors.groupingBy(
                t -> world.targetOf(cluster, t).id(), Collectors.mapping(Task::taskArn, Collectors.toList())));
        assertThat(tasksByInstance.get(INSTANCE_A)).hasSize(3);
        assertThat(tasksByInstance.get(INSTANCE_B)).hasSize(1);
        String onB = tasksByInstance.get(INSTANCE_B).get(0);

        // B has fewer tasks (1 against 3) though less free memory, and its task is not the newest.
        on(context, () -> target.apply(SERVICE, 3));
        until("back to 3", () -> world.activeTasks(cluster, SERVICE).size() == 3 && read(target).draining() == 0);

        assertThat(world.activeTasks(cluster, SERVICE)).extracting(Task::taskArn)
                .containsExactlyInAnyOrderElementsOf(tasksByInstance.get(INSTANCE_A));
        assertThat(world.describe(cluster, onB).desiredStatus()).isEqualTo("STOPPED");
    }

    @Test
    void theReconcilerReplacesATaskStoppedBehindItsBackAndRemovesAForeignTarget() {
        String cluster = "drift";
        world.join(cluster, INSTANCE_A, 4096, 8192);
        String group = world.targetGroup("drift", 0);
        EcsTaskTarget target = target(cluster, group);
        on(context, () -> target.apply(SERVICE, 3));
        until("3 healthy", () -> read(target).running() == 3);
        Task victim = world.activeTasks(cluster, SERVICE).get(0);
        TaskTarget victimTarget = world.targetOf(cluster, victim);
        TaskTarget foreign = new TaskTarget("i-00000000deadbeef", 45000);

        // Someone stops a task (ECS leaves the target of a task it did not register), and registers a target of their own.
        get(world.operator.ecs().stopTask(b -> b.cluster(cluster).task(victim.taskArn()).reason("chaos")));
        get(world.operator.elb().registerTargets(b -> b.targetGroupArn(group)
                .targets(description(foreign))));
        until("replaced, and only the service's tasks are targets", () -> {
            TaskCounts counts = read(target);
            List<Task> active = world.activeTasks(cluster, SERVICE);
            Set<TaskTarget> live = active.stream().map(t -> world.targetOf(cluster, t)).collect(Collectors.toSet());
            return counts.running() == 3 && active.size() == 3 && world.targets(group).keySet().equals(live);
        });

        List<Task> active = world.activeTasks(cluster, SERVICE);
        assertThat(active).extracting(Task::taskArn).doesNotContain(victim.taskArn());
        assertThat(world.targets(group)).doesNotContainKeys(victimTarget, foreign);
        assertThat(repairs()).as("repairs counted: the stopped task, its target, the foreign target").isGreaterThanOrEqualTo(3);

        // A target deregistered behind its back is registered again.
        TaskTarget dropped = world.targetOf(cluster, active.get(0));
        get(world.operator.elb().deregisterTargets(b -> b.targetGroupArn(group)
                .targets(description(dropped))));
        until("registered again", () -> read(target).running() == 3 && "healthy".equals(world.targets(group).get(dropped)));
        assertThat(world.activeTasks(cluster, SERVICE)).hasSize(3);
    }

    @Test
    void aNewDesiredCountWhileTasksAreOnTheirWayAdjustsThePlan() {
        String cluster = "changes";
        world.join(cluster, INSTANCE_A, 4096, 8192);
        String group = world.targetGroup("changes", 0);
        EcsTaskTarget target = target(cluster, group);
        on(context, () -> target.apply(SERVICE, 5));
        until("5 healthy", () -> read(target).running() == 5);
        Set<String> firstFive = world.activeTasks(cluster, SERVICE).stream().map(Task::taskArn).collect(Collectors.toSet());

        // 8, and at once 6: two of the three just launched go (not yet serving), none of the five serving.
        on(context, () -> target.apply(SERVICE, 8).compose(c -> target.apply(SERVICE, 6)));
        until("6 healthy", () -> read(target).running() == 6 && world.activeTasks(cluster, SERVICE).size() == 6);
        assertThat(world.activeTasks(cluster, SERVICE)).extracting(Task::taskArn).containsAll(firstFive);
        assertThat(evidence.launched()).isEqualTo(8);

        // Two calls before either is done: the second wish is the one both work towards.
        on(context, () -> {
            var first = target.apply(SERVICE, 2);
            var second = target.apply(SERVICE, 4);
            return first.compose(c -> second);
        });
        until("4 healthy, 2 stopped", () -> read(target).running() == 4 && world.activeTasks(cluster, SERVICE).size() == 4);
        assertThat(evidence.launched()).as("no task launched to undo a scale-in that never happened").isEqualTo(8);
        assertThat(evidence.steps()).filteredOn(s -> s.kind().equals("stop")).extracting(TaskModeEvidence.Step::what)
                .doesNotHaveDuplicates().hasSize(4);
    }

    @Test
    void aLaunchThatDoesNotFitIsReportedAndRetriedAtTheBaseIntervalNotInATightLoop() {
        String cluster = "full";
        world.join(cluster, INSTANCE_A, 4096, 3 * TaskModeCloud.TASK_MEMORY);
        String group = world.targetGroup("full", 0);
        EcsTaskTarget target = target(cluster, group);

        on(context, () -> target.apply(SERVICE, 5));
        until("the 3 that fit are healthy", () -> read(target).running() == 3);
        assertThat(read(target).lastFailure()).hasValueSatisfying(f -> {
            assertThat(f.reason()).isEqualTo("RESOURCE:MEMORY");
            assertThat(f.noRoom()).isTrue();
        });
        assertThat(read(target).desired()).isEqualTo(5);

        // While nothing fits, each try waits the base back-off (200 ms with the fast timings), even
        // though the test reconciles every 20 ms: lack of room is retried at a steady pace, not a
        // growing one (room comes back when others stop tasks or an instance joins).
        until("3 more tries", () -> evidence.runTaskAttempts().size() >= 4);
        List<Long> attempts = evidence.runTaskAttempts();
        for (int i = 0; i < 3; i++) {
            long gapMs = (attempts.get(i + 1) - attempts.get(i)) / 1_000_000;
            assertThat(gapMs).as("gap before RunTask %d", i + 2).isGreaterThanOrEqualTo(195);
        }
        assertThat(evidence.launched()).isEqualTo(3);

        // Room comes (another instance joins): the next try launches the rest, and the failure is over.
        world.join(cluster, INSTANCE_B, 4096, 8192);
        until("all 5 healthy", () -> read(target).running() == 5);
        assertThat(read(target).lastFailure()).isEmpty();
        assertThat(world.activeTasks(cluster, SERVICE)).hasSize(5);
        assertThat(evidence.launched()).isEqualTo(5);
    }

    @Test
    void tasksOnADrainingInstanceAreReplacedElsewhereBeforeTheyDrain() {
        String cluster = "moving";
        world.join(cluster, INSTANCE_A, 4096, 8192);
        String group = world.targetGroup("moving", 0);
        EcsTaskTarget target = target(cluster, group);
        on(context, () -> target.apply(SERVICE, 4));
        until("4 tasks healthy", () -> read(target).running() == 4);
        Set<TaskTarget> onA = world.targets(group).keySet();

        // A spot interruption or a scale-in drains A. ECS moves only its services' tasks: task mode moves its own.
        world.join(cluster, INSTANCE_B, 4096, 8192);
        String arnOfA = get(world.operator.ecs().describeContainerInstances(b -> b.cluster(cluster).containerInstances(
                get(world.operator.ecs().listContainerInstances(b2 -> b2.cluster(cluster))).containerInstanceArns())))
                .containerInstances().stream().filter(i -> i.ec2InstanceId().equals(INSTANCE_A)).findFirst().orElseThrow()
                .containerInstanceArn();
        get(world.operator.ecs().updateContainerInstancesState(b -> b.cluster(cluster).containerInstances(arnOfA)
                .status(software.amazon.awssdk.services.ecs.model.ContainerInstanceStatus.DRAINING)));

        until("4 healthy tasks, all on B", () -> read(target).equals(new TaskCounts(4, 4, 0, 0, Optional.empty()))
                && world.targets(group).keySet().stream().allMatch(t -> t.id().equals(INSTANCE_B))
                && world.targets(group).size() == 4);
        assertThat(world.activeTasks(cluster, SERVICE)).hasSize(4);
        // Each old target was deregistered only when the actuator had last seen 5 or more healthy: its replacement was in.
        List<TaskModeEvidence.Step> steps = evidence.steps();
        for (TaskTarget old : onA) {
            assertThat(TaskModeEvidence.healthySeenBeforeDeregistering(steps, old))
                    .as("healthy targets seen before %s was deregistered", old).isGreaterThanOrEqualTo(5);
        }
    }
}
