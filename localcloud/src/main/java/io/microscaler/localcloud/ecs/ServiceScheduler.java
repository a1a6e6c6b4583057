package io.microscaler.localcloud.ecs;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * ECS's service scheduler, level-triggered: each pass compares a service's tasks with its desired
 * count and starts or stops the difference.
 *
 * <ul>
 *   <li>Too few tasks (not counting those on DRAINING instances): place the missing ones; one that
 *       fits nowhere leaves ECS's "unable to place a task" event and is tried again next pass.</li>
 *   <li>Too many: stop the surplus, choosing tasks not yet running first, then tasks on the emptiest
 *       instance (fewest tasks of any kind), newest first — emptying lightly used instances lets the
 *       cluster scale in. (AWS balances availability zones first and then stops the oldest.)</li>
 *   <li>Tasks on a DRAINING instance are stopped as soon as their replacements run elsewhere
 *       (minimum healthy 100 %, maximum 200 %), pending ones at once.</li>
 * </ul>
 */
final class ServiceScheduler {

    private final EcsEngine engine;

    ServiceScheduler(EcsEngine engine) {
        this.engine = engine;
    }

    void reconcile(EcsCluster cluster, EcsService service) {
        List<EcsTask> fresh = new ArrayList<>();
        List<EcsTask> draining = new ArrayList<>();
        cluster.activeTasksOf(service).forEach(t ->
                (t.instance.status == ContainerInstance.Status.ACTIVE ? fresh : draining).add(t));
        if (fresh.size() < service.desiredCount) {
            start(cluster, service, service.desiredCount - fresh.size());
        } else if (fresh.size() > service.desiredCount) {
            stopSurplus(cluster, service, fresh, fresh.size() - service.desiredCount);
        }
        replaceDraining(cluster, service, draining);
        steadyState(cluster, service);
    }

    private void start(EcsCluster cluster, EcsService service, int missing) {
        List<String> started = new ArrayList<>();
        for (int i = 0; i < missing; i++) {
            Placement.Result placed = engine.place(cluster, service.taskDefinition, service.group(), service.placementStrategy);
            if (!placed.placed()) {
                service.event(engine.newUuid(), engine.clock.instant(), unplaceable(service, placed));
                break;
            }
            ContainerInstance instance = cluster.instances.get(Arns.lastSegment(placed.chosen().arn()));
            EcsTask task = engine.launch(cluster, instance, service.taskDefinition, service.group(), service.deploymentId, service);
            if (task == null) {
                service.event(engine.newUuid(), engine.clock.instant(), "(service " + service.name
                        + ") was unable to place a task: no free address for an awsvpc task.");
                break;
            }
            started.add(task.id);
        }
        if (!started.isEmpty()) {
            service.event(engine.newUuid(), engine.clock.instant(), "(service " + service.name + ") has started " + started.size()
                    + " tasks: " + tasks(started) + ".");
        }
    }

    private static String unplaceable(EcsService service, Placement.Result placed) {
        String prefix = "(service " + service.name + ") was unable to place a task because no container instance met all of its requirements.";
        if (placed.shortfalls().isEmpty()) {
            return prefix + " Reason: No Container Instances were found in your cluster.";
        }
        Map.Entry<String, String> closest = placed.shortfalls().entrySet().iterator().next();
        String what = closest.getValue().equals("RESOURCE:CPU") ? "CPU" : "memory";
        return prefix + " The closest matching (container-instance " + Arns.lastSegment(closest.getKey()) + ") has insufficient "
                + what + " available. For more information, see the Troubleshooting section.";
    }

    private void stopSurplus(EcsCluster cluster, EcsService service, List<EcsTask> fresh, int surplus) {
        Map<ContainerInstance, Long> load = new HashMap<>();
        for (EcsTask t : fresh) {
            load.computeIfAbsent(t.instance, i -> cluster.tasksOn(i).filter(EcsTask::active).count());
        }
        List<EcsTask> order = new ArrayList<>(fresh);
        order.sort(Comparator.<EcsTask>comparingInt(t -> t.lastStatus == TaskStatus.RUNNING ? 1 : 0)
                .thenComparingLong(t -> load.get(t.instance))
                .thenComparing((EcsTask t) -> t.createdAt, Comparator.reverseOrder()));
        List<String> stopped = new ArrayList<>();
        for (EcsTask task : order.subList(0, surplus)) {
            engine.lifecycle.stop(cluster, task, "Scaling activity initiated by (deployment " + service.deploymentId + ")",
                    "ServiceSchedulerInitiated");
            stopped.add(task.id);
        }
        service.event(engine.newUuid(), engine.clock.instant(), "(service " + service.name + ") has stopped " + stopped.size()
                + " running tasks: " + tasks(stopped) + ".");
    }

    private void replaceDraining(EcsCluster cluster, EcsService service, List<EcsTask> draining) {
        if (draining.isEmpty()) {
            return;
        }
        // Healthy as ECS counts it for minimum healthy percent: RUNNING, and in service in its target
        // groups where the service has a load balancer; a replacement still in its first health
        // checks does not let a serving task stop yet.
        long running = cluster.activeTasksOf(service).filter(this::healthy).count();
        List<String> stopped = new ArrayList<>();
        for (EcsTask task : draining) {
            boolean isRunning = healthy(task);
            if (task.lastStatus != TaskStatus.RUNNING || running - 1 >= service.desiredCount) {
                engine.lifecycle.stop(cluster, task, "Container instance " + task.instance.id + " is in DRAINING state",
                        "ServiceSchedulerInitiated");
                stopped.add(task.id);
                running -= isRunning ? 1 : 0;
            }
        }
        if (!stopped.isEmpty()) {
            service.event(engine.newUuid(), engine.clock.instant(), "(service " + service.name + ") has stopped " + stopped.size()
                    + " running tasks: " + tasks(stopped) + ".");
        }
    }

    private boolean healthy(EcsTask task) {
        return task.lastStatus == TaskStatus.RUNNING && task.targetGroups.stream()
                .allMatch(arn -> engine.targets.inService(arn, task.targetId(), task.hostPort == null ? 0 : task.hostPort));
    }

    private void steadyState(EcsCluster cluster, EcsService service) {
        List<EcsTask> active = cluster.activeTasksOf(service).toList();
        boolean steady = active.size() == service.desiredCount
                && active.stream().allMatch(t -> t.lastStatus == TaskStatus.RUNNING
                        && t.instance.status == ContainerInstance.Status.ACTIVE);
        if (steady && !service.steady) {
            service.event(engine.newUuid(), engine.clock.instant(), "(service " + service.name + ") has reached a steady state.");
        }
        service.steady = steady;
    }

    private static String tasks(List<String> ids) {
        StringBuilder text = new StringBuilder();
        for (String id : ids) {
            text.append(text.isEmpty() ? "" : " ").append("(task ").append(id).append(')');
        }
        return text.toString();
    }
}
