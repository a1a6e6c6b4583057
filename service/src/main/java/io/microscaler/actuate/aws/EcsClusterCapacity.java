package io.microscaler.actuate.aws;

import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.autoscaling.AutoScalingAsyncClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.ecs.EcsAsyncClient;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;
import software.amazon.awssdk.services.ecs.model.ContainerInstanceStatus;
import software.amazon.awssdk.services.ecs.model.Resource;

/**
 * Reads and changes the cluster's capacity: its container instances (ECS) and the Auto Scaling
 * group that launches them. Every call goes through {@link AwsCalls}; results complete on the
 * caller's context. Deciding what to do is the pure cluster planner's job, not this class's.
 *
 * <p>Scale-in is always {@link #drain} then {@link #terminate} of a chosen instance, never a lower
 * desired capacity: the group would pick the instance to kill by its own rules (oldest launch
 * template, balance across zones), not the emptiest one.
 */
public final class EcsClusterCapacity {

    static final String LIST_INSTANCES = "ecs:ListContainerInstances";
    // The same names as task mode's calls: one token bucket per API, whoever calls it.
    static final String DESCRIBE_INSTANCES = TaskModeCalls.DESCRIBE_CONTAINER_INSTANCES;
    static final String LIST_TASKS = TaskModeCalls.LIST_TASKS;
    static final String DESCRIBE_TASKS = TaskModeCalls.DESCRIBE_TASKS;
    static final String UPDATE_INSTANCES_STATE = "ecs:UpdateContainerInstancesState";
    static final String DESCRIBE_GROUPS = "autoscaling:DescribeAutoScalingGroups";
    static final String SET_DESIRED = "autoscaling:SetDesiredCapacity";
    static final String TERMINATE = "autoscaling:TerminateInstanceInAutoScalingGroup";
    /** DescribeContainerInstances takes at most 100 instances per call. */
    private static final int DESCRIBE_BATCH = 100;

    private final EcsAsyncClient ecs;
    private final AutoScalingAsyncClient autoScaling;
    private final AwsCalls calls;
    private final String cluster;
    private final Optional<String> group;

    /** @param group the Auto Scaling group of the cluster's instances, if microscaler scales it */
    public EcsClusterCapacity(AwsClients clients, AwsCalls calls, String cluster, Optional<String> group) {
        this.ecs = clients.ecs();
        this.autoScaling = clients.autoScaling();
        this.calls = calls;
        this.cluster = cluster;
        this.group = group;
    }

    public String cluster() {
        return cluster;
    }

    /** The instances (every page of them) with the tasks on them, the Fargate tasks, and the group, read together. */
    public Future<ClusterView> read() {
        Future<List<ClusterView.Instance>> instances = listArns(null, new ArrayList<>()).compose(this::describe);
        Future<List<software.amazon.awssdk.services.ecs.model.Task>> tasks =
                listTasks(null, new ArrayList<>()).compose(this::describeTasks);
        Future<Optional<ClusterView.Group>> described = group.isEmpty() ? Future.succeededFuture(Optional.empty())
                : calls.call(DESCRIBE_GROUPS, () -> autoScaling.describeAutoScalingGroups(r -> r.autoScalingGroupNames(group.get())))
                        .map(response -> response.autoScalingGroups().stream().findFirst().map(EcsClusterCapacity::group));
        return Future.all(instances, tasks, described).map(all -> place(instances.result(), tasks.result(), described.result()));
    }

    private static ClusterView place(List<ClusterView.Instance> instances, List<software.amazon.awssdk.services.ecs.model.Task> tasks,
                                     Optional<ClusterView.Group> group) {
        java.util.Map<String, List<ClusterView.Task>> byInstance = new java.util.HashMap<>();
        List<ClusterView.Task> fargate = new ArrayList<>();
        for (var t : tasks) {
            ClusterView.Task task = new ClusterView.Task(t.taskArn(), t.group(), parse(t.cpu()), parse(t.memory()),
                    t.launchTypeAsString());
            if (t.containerInstanceArn() == null) {
                fargate.add(task);
            } else {
                byInstance.computeIfAbsent(t.containerInstanceArn(), k -> new ArrayList<>()).add(task);
            }
        }
        return new ClusterView(instances.stream()
                .map(i -> i.withPlaced(byInstance.getOrDefault(i.containerInstanceArn(), List.of()))).toList(), fargate, group);
    }

    private static int parse(String units) {
        try {
            return units == null ? 0 : Integer.parseInt(units.strip());
        } catch (NumberFormatException e) {
            return 0; // "1 vCPU"-style values are not returned by DescribeTasks; a task without a size holds none here
        }
    }

    /** Tasks that hold capacity: ECS's default desired status RUNNING covers provisioning, pending and running ones. */
    private Future<List<String>> listTasks(String token, List<String> arns) {
        return calls.call(LIST_TASKS, () -> ecs.listTasks(r -> r.cluster(cluster).nextToken(token)))
                .compose(page -> {
                    arns.addAll(page.taskArns());
                    return page.nextToken() == null || page.nextToken().isEmpty()
                            ? Future.succeededFuture(arns) : listTasks(page.nextToken(), arns);
                });
    }

    private Future<List<software.amazon.awssdk.services.ecs.model.Task>> describeTasks(List<String> arns) {
        List<Future<List<software.amazon.awssdk.services.ecs.model.Task>>> batches = new ArrayList<>();
        for (int from = 0; from < arns.size(); from += DESCRIBE_BATCH) {
            List<String> batch = arns.subList(from, Math.min(arns.size(), from + DESCRIBE_BATCH));
            batches.add(calls.call(DESCRIBE_TASKS, () -> ecs.describeTasks(r -> r.cluster(cluster).tasks(batch)))
                    .map(response -> response.tasks()));
        }
        return Future.all(batches).map(all -> {
            List<software.amazon.awssdk.services.ecs.model.Task> tasks = new ArrayList<>();
            batches.forEach(b -> tasks.addAll(b.result()));
            return tasks;
        });
    }

    /** Stops new tasks landing on the instance; ECS replaces its service tasks elsewhere. */
    public Future<Void> drain(String containerInstanceArn) {
        return calls.call(UPDATE_INSTANCES_STATE, () -> ecs.updateContainerInstancesState(r -> r.cluster(cluster)
                .containerInstances(containerInstanceArn).status(ContainerInstanceStatus.DRAINING))).mapEmpty();
    }

    /** Asks the group for {@code desired} instances (growing it; see the class comment for shrinking). */
    public Future<Void> setDesired(int desired) {
        return calls.call(SET_DESIRED, () -> autoScaling.setDesiredCapacity(r -> r.autoScalingGroupName(requireGroup())
                .desiredCapacity(desired).honorCooldown(false))).mapEmpty();
    }

    /** Terminates that instance and lowers the group's desired capacity by one, so it is not replaced. */
    public Future<Void> terminate(String ec2InstanceId) {
        return calls.call(TERMINATE, () -> autoScaling.terminateInstanceInAutoScalingGroup(r -> r.instanceId(ec2InstanceId)
                .shouldDecrementDesiredCapacity(true))).mapEmpty();
    }

    private String requireGroup() {
        return group.orElseThrow(() -> new IllegalStateException("no Auto Scaling group is configured for cluster " + cluster));
    }

    private Future<List<String>> listArns(String token, List<String> arns) {
        return calls.call(LIST_INSTANCES, () -> ecs.listContainerInstances(r -> r.cluster(cluster).nextToken(token)))
                .compose(page -> {
                    arns.addAll(page.containerInstanceArns());
                    return page.nextToken() == null || page.nextToken().isEmpty()
                            ? Future.succeededFuture(arns) : listArns(page.nextToken(), arns);
                });
    }

    private Future<List<ClusterView.Instance>> describe(List<String> arns) {
        List<Future<List<ClusterView.Instance>>> batches = new ArrayList<>();
        for (int from = 0; from < arns.size(); from += DESCRIBE_BATCH) {
            List<String> batch = arns.subList(from, Math.min(arns.size(), from + DESCRIBE_BATCH));
            batches.add(calls.call(DESCRIBE_INSTANCES, () -> ecs.describeContainerInstances(r -> r.cluster(cluster)
                            .containerInstances(batch)))
                    .map(response -> response.containerInstances().stream().map(EcsClusterCapacity::instance).toList()));
        }
        return Future.all(batches).map(all -> {
            List<ClusterView.Instance> instances = new ArrayList<>();
            batches.forEach(b -> instances.addAll(b.result()));
            return instances;
        });
    }

    private static ClusterView.Instance instance(ContainerInstance i) {
        return new ClusterView.Instance(i.containerInstanceArn(), i.ec2InstanceId(), i.status(),
                amount(i.registeredResources(), "CPU"), amount(i.registeredResources(), "MEMORY"),
                amount(i.remainingResources(), "CPU"), amount(i.remainingResources(), "MEMORY"),
                orZero(i.runningTasksCount()), orZero(i.pendingTasksCount()), List.of());
    }

    private static ClusterView.Group group(AutoScalingGroup g) {
        return new ClusterView.Group(g.autoScalingGroupName(), orZero(g.desiredCapacity()), orZero(g.minSize()),
                orZero(g.maxSize()), g.instances().stream()
                        .map(i -> new ClusterView.GroupInstance(i.instanceId(), i.lifecycleStateAsString())).toList());
    }

    private static int amount(List<Resource> resources, String name) {
        return resources.stream().filter(r -> name.equals(r.name())).findFirst()
                .map(r -> r.integerValue() == null ? 0 : r.integerValue()).orElse(0);
    }

    private static int orZero(Integer value) {
        return value == null ? 0 : value;
    }
}
