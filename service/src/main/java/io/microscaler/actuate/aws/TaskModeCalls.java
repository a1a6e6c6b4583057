package io.microscaler.actuate.aws;

import io.microscaler.tasks.InstanceLoad;
import io.microscaler.tasks.LaunchType;
import io.microscaler.tasks.TargetHealth;
import io.microscaler.tasks.TaskModeSettings;
import io.microscaler.tasks.TaskTarget;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.ecs.EcsAsyncClient;
import software.amazon.awssdk.services.ecs.model.AssignPublicIp;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;
import software.amazon.awssdk.services.ecs.model.Failure;
import software.amazon.awssdk.services.ecs.model.Resource;
import software.amazon.awssdk.services.ecs.model.RunTaskResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2AsyncClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.InvalidTargetException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupAttribute;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

/**
 * The ECS and ELBv2 operations task mode uses, each through {@link AwsCalls} (token bucket per
 * API, retries, completion on the caller's context), in the model of {@code actuate.tasks}.
 * Batches are split to the APIs' limits. These operation names are also what the IAM policy must
 * allow (with {@code elasticloadbalancing:} for {@code elbv2:}, and {@code iam:PassRole} for the
 * task definition's roles).
 */
final class TaskModeCalls {

    static final String RUN_TASK = "ecs:RunTask";
    static final String STOP_TASK = "ecs:StopTask";
    static final String LIST_TASKS = "ecs:ListTasks";
    static final String DESCRIBE_TASKS = "ecs:DescribeTasks";
    static final String DESCRIBE_CONTAINER_INSTANCES = "ecs:DescribeContainerInstances";
    static final String REGISTER_TARGETS = "elbv2:RegisterTargets";
    static final String DEREGISTER_TARGETS = "elbv2:DeregisterTargets";
    static final String DESCRIBE_TARGET_HEALTH = "elbv2:DescribeTargetHealth";
    static final String DESCRIBE_TARGET_GROUP_ATTRIBUTES = "elbv2:DescribeTargetGroupAttributes";
    static final String DESCRIBE_TARGET_GROUPS = "elbv2:DescribeTargetGroups";

    /** Every operation above: the IAM policy's task-mode actions. */
    static final List<String> OPERATIONS = List.of(RUN_TASK, STOP_TASK, LIST_TASKS, DESCRIBE_TASKS,
            DESCRIBE_CONTAINER_INSTANCES, REGISTER_TARGETS, DEREGISTER_TARGETS, DESCRIBE_TARGET_HEALTH,
            DESCRIBE_TARGET_GROUP_ATTRIBUTES, DESCRIBE_TARGET_GROUPS);

    static final int MAX_RUN_TASK_COUNT = 10;
    private static final int MAX_DESCRIBE = 100;
    private static final int MAX_TARGETS_PER_CALL = 50;
    static final String DEREGISTRATION_DELAY = "deregistration_delay.timeout_seconds";

    /** What RunTask placed, and ECS's reasons for what it did not. */
    record Launched(List<ObservedTask> tasks, List<Failure> failures) {
    }

    /** What DescribeTasks found, and the ARNs it did not know. */
    record Described(List<ObservedTask> tasks, Set<String> missing) {
    }

    private final EcsAsyncClient ecs;
    private final ElasticLoadBalancingV2AsyncClient elb;
    private final AwsCalls calls;

    TaskModeCalls(EcsAsyncClient ecs, ElasticLoadBalancingV2AsyncClient elb, AwsCalls calls) {
        this.ecs = ecs;
        this.elb = elb;
        this.calls = calls;
    }

    /**
     * One RunTask of at most {@value #MAX_RUN_TASK_COUNT} tasks. The client token is the same for
     * every attempt, so a retried attempt whose first try did launch launches nothing more.
     */
    Future<Launched> runTask(TaskModeSettings s, String service, int count, LaunchType launchType, String clientToken) {
        if (count < 1 || count > MAX_RUN_TASK_COUNT) {
            return Future.failedFuture(new IllegalArgumentException(
                    "RunTask count must be 1–" + MAX_RUN_TASK_COUNT + ", but was " + count));
        }
        return calls.<RunTaskResponse>call(RUN_TASK, () -> ecs.runTask(b -> {
                    b.cluster(s.cluster()).taskDefinition(s.taskDefinition()).count(count).startedBy(s.startedBy())
                            .group(TaskModeSettings.group(service)).launchType(launchType.name()).clientToken(clientToken);
                    if (s.network() != null) {
                        // awsvpc: the same network on EC2 and on Fargate, so both are ip targets of one group
                        b.networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets(s.network().subnets())
                                .securityGroups(s.network().securityGroups()).assignPublicIp(AssignPublicIp.DISABLED)));
                    }
                }))
                .map(r -> new Launched(
                        r.hasTasks() ? r.tasks().stream().map(t -> ObservedTask.of(t, s.containerName(), s.containerPort())).toList()
                                : List.of(),
                        r.hasFailures() ? r.failures() : List.of()));
    }

    /** Every task ARN with this {@code startedBy} whose desired status is RUNNING (ECS: startedBy must be the only filter). */
    Future<List<String>> listTasks(String cluster, String startedBy) {
        return listTasks(cluster, startedBy, null, new ArrayList<>());
    }

    private Future<List<String>> listTasks(String cluster, String startedBy, String token, List<String> found) {
        return calls.call(LIST_TASKS, () -> ecs.listTasks(b -> b.cluster(cluster).startedBy(startedBy).nextToken(token)))
                .compose(r -> {
                    found.addAll(r.taskArns());
                    return r.nextToken() == null || r.nextToken().isEmpty() ? Future.succeededFuture(found)
                            : listTasks(cluster, startedBy, r.nextToken(), found);
                });
    }

    Future<Described> describeTasks(TaskModeSettings s, Collection<String> arns) {
        List<List<String>> chunks = chunks(List.copyOf(arns), MAX_DESCRIBE);
        List<ObservedTask> tasks = new ArrayList<>();
        Set<String> missing = new HashSet<>();
        Future<Void> all = Future.succeededFuture();
        for (List<String> chunk : chunks) {
            all = all.compose(v -> calls.call(DESCRIBE_TASKS, () -> ecs.describeTasks(b -> b.cluster(s.cluster()).tasks(chunk)))
                    .map(r -> {
                        r.tasks().forEach(t -> tasks.add(ObservedTask.of(t, s.containerName(), s.containerPort())));
                        r.failures().stream().filter(f -> "MISSING".equals(f.reason())).forEach(f -> missing.add(f.arn()));
                        return null;
                    }));
        }
        return all.map(v -> new Described(tasks, missing));
    }

    /** The instances' loads by container instance ARN (instances ECS does not know are left out). */
    Future<Map<String, InstanceLoad>> describeContainerInstances(String cluster, Collection<String> arns) {
        Map<String, InstanceLoad> loads = new LinkedHashMap<>();
        Future<Void> all = Future.succeededFuture();
        for (List<String> chunk : chunks(List.copyOf(arns), MAX_DESCRIBE)) {
            all = all.compose(v -> calls.call(DESCRIBE_CONTAINER_INSTANCES,
                            () -> ecs.describeContainerInstances(b -> b.cluster(cluster).containerInstances(chunk)))
                    .map(r -> {
                        r.containerInstances().forEach(i -> loads.put(i.containerInstanceArn(), load(i)));
                        return null;
                    }));
        }
        return all.map(v -> loads);
    }

    private static InstanceLoad load(ContainerInstance i) {
        int tasks = orZero(i.runningTasksCount()) + orZero(i.pendingTasksCount());
        return new InstanceLoad(i.containerInstanceArn(), i.ec2InstanceId(), tasks, remaining(i, "CPU"), remaining(i, "MEMORY"),
                "DRAINING".equals(i.status()));
    }

    private static int remaining(ContainerInstance i, String name) {
        if (!i.hasRemainingResources()) {
            return 0;
        }
        return i.remainingResources().stream().filter(r -> name.equals(r.name())).map(Resource::integerValue)
                .filter(v -> v != null).findFirst().orElse(0);
    }

    Future<Void> registerTargets(String targetGroupArn, Collection<TaskTarget> targets) {
        Future<Void> all = Future.succeededFuture();
        for (List<TaskTarget> chunk : chunks(List.copyOf(targets), MAX_TARGETS_PER_CALL)) {
            all = all.compose(v -> calls.call(REGISTER_TARGETS, () -> elb.registerTargets(b -> b.targetGroupArn(targetGroupArn)
                    .targets(descriptions(chunk)))).mapEmpty());
        }
        return all;
    }

    /**
     * Starts draining the targets. A target that is not registered (someone deregistered it, or it
     * drained already) has nothing to drain: ELB refuses the whole call then, so each is tried alone.
     */
    Future<Void> deregisterTargets(String targetGroupArn, Collection<TaskTarget> targets) {
        Future<Void> all = Future.succeededFuture();
        for (List<TaskTarget> chunk : chunks(List.copyOf(targets), MAX_TARGETS_PER_CALL)) {
            all = all.compose(v -> deregister(targetGroupArn, chunk).recover(e -> {
                if (!notRegistered(e)) {
                    return Future.failedFuture(e);
                }
                Future<Void> one = Future.succeededFuture();
                for (TaskTarget t : chunk.size() > 1 ? chunk : List.<TaskTarget>of()) {
                    one = one.compose(w -> deregister(targetGroupArn, List.of(t))
                            .recover(e2 -> notRegistered(e2) ? Future.succeededFuture() : Future.failedFuture(e2)));
                }
                return one;
            }));
        }
        return all;
    }

    private Future<Void> deregister(String targetGroupArn, List<TaskTarget> targets) {
        return calls.call(DEREGISTER_TARGETS, () -> elb.deregisterTargets(b -> b.targetGroupArn(targetGroupArn)
                .targets(descriptions(targets)))).mapEmpty();
    }

    private static boolean notRegistered(Throwable e) {
        return RetryClassifier.unwrap(e) instanceof InvalidTargetException;
    }

    /** Every target in the group and its state. */
    Future<Map<TaskTarget, TargetHealth>> targetHealth(String targetGroupArn) {
        return calls.call(DESCRIBE_TARGET_HEALTH, () -> elb.describeTargetHealth(b -> b.targetGroupArn(targetGroupArn)))
                .map(r -> {
                    Map<TaskTarget, TargetHealth> health = new LinkedHashMap<>();
                    for (TargetHealthDescription d : r.targetHealthDescriptions()) {
                        if (d.target() != null && d.target().id() != null && d.target().port() != null) {
                            health.put(new TaskTarget(d.target().id(), d.target().port()),
                                    TargetHealth.fromWire(d.targetHealth() == null ? null : d.targetHealth().stateAsString()));
                        }
                    }
                    return health;
                });
    }

    /** The group's {@code deregistration_delay.timeout_seconds} (ELB's default, 300 s, when not listed). */
    Future<Duration> deregistrationDelay(String targetGroupArn) {
        return calls.call(DESCRIBE_TARGET_GROUP_ATTRIBUTES,
                        () -> elb.describeTargetGroupAttributes(b -> b.targetGroupArn(targetGroupArn)))
                .map(r -> r.attributes().stream().filter(a -> DEREGISTRATION_DELAY.equals(a.key()))
                        .map(TargetGroupAttribute::value).findFirst().map(TaskModeCalls::seconds)
                        .orElse(Duration.ofSeconds(300)));
    }

    /** The ARN of a target group given by ARN (as is) or by name (looked up). */
    Future<String> targetGroupArn(String nameOrArn) {
        if (nameOrArn.startsWith("arn:")) {
            return Future.succeededFuture(nameOrArn);
        }
        return calls.call(DESCRIBE_TARGET_GROUPS, () -> elb.describeTargetGroups(b -> b.names(nameOrArn)))
                .compose(r -> r.targetGroups().isEmpty()
                        ? Future.failedFuture(new IllegalStateException("target group '" + nameOrArn + "' not found"))
                        : Future.succeededFuture(r.targetGroups().get(0).targetGroupArn()));
    }

    Future<Void> stopTask(String cluster, String taskArn, String reason) {
        return calls.call(STOP_TASK, () -> ecs.stopTask(b -> b.cluster(cluster).task(taskArn).reason(reason))).mapEmpty();
    }

    private static Duration seconds(String value) {
        try {
            return Duration.ofSeconds(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return Duration.ofSeconds(300);
        }
    }

    private static List<TargetDescription> descriptions(List<TaskTarget> targets) {
        return targets.stream().map(t -> TargetDescription.builder().id(t.id()).port(t.port()).build()).toList();
    }

    private static int orZero(Integer n) {
        return n == null ? 0 : n;
    }

    static <T> List<List<T>> chunks(List<T> all, int size) {
        List<List<T>> chunks = new ArrayList<>();
        for (int i = 0; i < all.size(); i += size) {
            chunks.add(all.subList(i, Math.min(all.size(), i + size)));
        }
        return chunks;
    }
}
