package io.microscaler.deploy;

import io.vertx.core.Future;
import java.util.List;

/**
 * Every path on which the app calls AWS, as steps. IamPolicyMatchesCallsIT runs them with the
 * production clients recorded and holds deploy/iam/microscaler-policy.json to exactly what they
 * called. A new scaling target or AWS call path adds its steps here (and whatever it needs to
 * {@link TourWorld}); the test then says which actions the policy is missing.
 */
final class OperationsTour {

    static List<TourStep> steps() {
        return List.of(
                // ScalingTarget "ecs-service" (actuator.target: ecs)
                new TourStep("ecs-service apply: UpdateService, then DescribeServices to read the counts back",
                        world -> world.ecsServiceTarget().apply(TourWorld.SERVICE, 2)
                                .map(capacity -> expect(capacity, capacity.desired() == 2, "desired 2 after apply"))),
                new TourStep("ecs-service observe, the reconciler's read: DescribeServices",
                        world -> world.ecsServiceTarget().observe(TourWorld.SERVICE)
                                .map(capacity -> expect(capacity, capacity.desired() == 2, "desired 2 observed"))),
                new TourStep("ecs-service read with healthy targets: DescribeServices, DescribeTargetHealth",
                        world -> world.ecsServiceTarget().read(TourWorld.SERVICE)
                                .map(counts -> expect(counts, counts.healthy().isPresent(), "a healthy-target count"))),
                new TourStep("ecs-service repair of a count changed behind the app's back: DescribeServices, UpdateService",
                        world -> world.operatorSetsDesiredCount(5)
                                .compose(v -> world.ecsServiceTarget().read(TourWorld.SERVICE))
                                .map(counts -> expect(counts, counts.desired() == 2, "desired 2 again after the repair"))),
                // Beside Application Auto Scaling (TakeOverTarget at start, the handback command)
                new TourStep("take-over read: DescribeScalableTargets, DescribeScalingPolicies, ListTagsForResource",
                        world -> world.scalableTargets().read(TourWorld.SERVICE, true)
                                .map(found -> expect(found, found.active(), "target tracking active"))),
                new TourStep("take-over: TagResource with the state before, then RegisterScalableTarget suspended",
                        world -> world.scalableTargets().read(TourWorld.SERVICE, true)
                                .compose(found -> world.scalableTargets().suspend(TourWorld.SERVICE, found))
                                .compose(before -> world.scalableTargets().read(TourWorld.SERVICE, true))
                                .map(found -> expect(found, !found.active() && found.recorded().isPresent(),
                                        "suspended, the state before recorded"))),
                new TourStep("hand-back: RegisterScalableTarget with the recorded state, then UntagResource",
                        world -> world.scalableTargets().read(TourWorld.SERVICE, true)
                                .compose(found -> world.scalableTargets().restore(TourWorld.SERVICE, found))
                                .compose(restored -> world.scalableTargets().read(TourWorld.SERVICE, true))
                                .map(found -> expect(found, found.active() && found.recorded().isEmpty(),
                                        "active again, no tag"))),
                // ScalingTarget "ecs-tasks" (services in task mode)
                new TourStep("ecs-tasks scale-out: RunTask, DescribeTasks, DescribeContainerInstances, RegisterTargets,"
                        + " DescribeTargetHealth (and DescribeTargetGroups for a target group given by name)",
                        world -> world.taskTarget().apply(TourWorld.TASK_SERVICE, 2)
                                .compose(c -> world.until(() -> world.taskTarget().observe(TourWorld.TASK_SERVICE)
                                        .map(capacity -> capacity.running() == 2)))),
                new TourStep("ecs-tasks scale-in: DeregisterTargets, DescribeTargetGroupAttributes, DescribeTargetHealth"
                        + " until drained, then StopTask",
                        world -> world.taskTarget().apply(TourWorld.TASK_SERVICE, 1)
                                .compose(c -> world.until(() -> Future.succeededFuture(world.called("Ecs:StopTask"))))),
                new TourStep("ecs-tasks reconcile: ListTasks, DescribeTasks, DescribeTargetHealth",
                        world -> world.taskTarget().observe(TourWorld.TASK_SERVICE)
                                .map(capacity -> expect(capacity, capacity.desired() == 1, "desired 1 observed"))),
                // The cluster's capacity (cluster.enabled)
                new TourStep("cluster read: ListContainerInstances, DescribeContainerInstances, DescribeAutoScalingGroups",
                        world -> world.clusterCapacity().read()
                                .map(view -> expect(view, view.instances().size() == 2 && view.group().isPresent(),
                                        "2 instances and the group"))),
                new TourStep("cluster scale-out: SetDesiredCapacity",
                        world -> world.clusterCapacity().setDesired(3)
                                .compose(v -> world.until(() -> world.clusterCapacity().read().map(view -> view.instances().size() == 3)))),
                new TourStep("cluster scale-in: UpdateContainerInstancesState DRAINING, then TerminateInstanceInAutoScalingGroup",
                        world -> world.clusterCapacity().read().compose(view -> {
                            var emptiest = view.instances().stream().filter(i -> i.tasks() == 0).findFirst()
                                    .orElseThrow(() -> new AssertionError("no empty instance in " + view));
                            return world.clusterCapacity().drain(emptiest.containerInstanceArn())
                                    .compose(v -> world.clusterCapacity().terminate(emptiest.ec2InstanceId()));
                        })));
    }

    private static <T> T expect(T result, boolean held, String what) {
        if (!held) {
            throw new AssertionError("expected " + what + ", but got " + result);
        }
        return result;
    }

    private OperationsTour() {
    }
}
