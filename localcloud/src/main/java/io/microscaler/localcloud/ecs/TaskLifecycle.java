package io.microscaler.localcloud.ecs;

import io.microscaler.localcloud.ContainerRuntime;
import io.microscaler.localcloud.TargetRegistry;
import io.vertx.core.AsyncResult;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves tasks through ECS's states. Start: PROVISIONING (resources reserved on its instance, none on
 * Fargate) → PENDING after half the start delay of its launch type (image pull) → the runtime starts
 * the container at the full start delay →
 * RUNNING with its host port, registered in its service's target groups; a container that fails to
 * start makes the task STOPPED ({@code TaskFailedToStart}). Stop: desired STOPPED; a task not yet
 * running stops at once; a running one goes STOPPING, is deregistered from its target groups and,
 * once they are drained, the runtime stops the container and the task is STOPPED after the stop
 * timeout (ECS's DEACTIVATING and DEPROVISIONING are folded into STOPPING). Resources are released
 * at STOPPED.
 */
final class TaskLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(TaskLifecycle.class);

    private final Clock clock;
    private final Timers timers;
    private final ContainerRuntime runtime;
    private final TargetRegistry targets;
    private final EcsEvents events;
    private final Duration startDelay;
    private final Duration fargateStartDelay;
    private final Duration stopTimeout;
    private final Runnable changed;
    private final Consumer<String> addressFreed;

    /**
     * @param changed      called whenever a task reaches RUNNING or STOPPED (the service scheduler looks again)
     * @param addressFreed called with an awsvpc task's address once the task is STOPPED
     */
    TaskLifecycle(Clock clock, Timers timers, ContainerRuntime runtime, TargetRegistry targets, EcsEvents events,
            Duration startDelay, Duration fargateStartDelay, Duration stopTimeout, Runnable changed,
            Consumer<String> addressFreed) {
        this.clock = clock;
        this.timers = timers;
        this.runtime = runtime;
        this.targets = targets;
        this.events = events;
        this.startDelay = startDelay;
        this.fargateStartDelay = fargateStartDelay;
        this.stopTimeout = stopTimeout;
        this.changed = changed;
        this.addressFreed = addressFreed;
    }

    /**
     * A task placed on its instance (reserving its resources there) or on Fargate (reserving none),
     * on its way to RUNNING after the start delay of its launch type.
     */
    void launch(EcsCluster cluster, EcsTask task) {
        if (task.onInstance()) {
            task.instance.used = task.instance.used.plus(task.resources);
        }
        cluster.tasks.put(task.id, task);
        events.taskChanged(task);
        instanceChanged(cluster, task);
        Duration delay = task.launchType == LaunchType.FARGATE ? fargateStartDelay : startDelay;
        timers.after(delay.dividedBy(2), () -> {
            if (task.active() && task.lastStatus == TaskStatus.PROVISIONING) {
                status(task, TaskStatus.PENDING);
                task.pullStartedAt = clock.instant();
            }
        });
        timers.after(delay, () -> startContainer(cluster, task));
    }

    private void instanceChanged(EcsCluster cluster, EcsTask task) {
        if (task.onInstance() && cluster.instances.containsKey(task.instance.id)) {
            events.instanceChanged(cluster, task.instance);
        }
    }

    private void startContainer(EcsCluster cluster, EcsTask task) {
        if (!task.active()) {
            return;
        }
        task.pullStoppedAt = clock.instant();
        task.containerStarted = true;
        runtime.start(task.launch()).onComplete(started -> timers.soon(() -> started(cluster, task, started)));
    }

    private void started(EcsCluster cluster, EcsTask task, AsyncResult<Integer> started) {
        if (started.failed()) {
            task.containerStarted = false;
            task.desiredStatus = TaskStatus.STOPPED;
            task.stopCode = "TaskFailedToStart";
            task.stoppedReason = "CannotStartContainerError: " + started.cause().getMessage();
            if (task.service != null) {
                task.service.failedTasks++;
            }
            LOG.info("task {} failed to start: {}", task.id, started.cause().toString());
            finish(cluster, task);
            return;
        }
        task.hostPort = started.result();
        if (!task.active()) {
            shutDown(cluster, task); // stopped while its container was starting
            return;
        }
        task.startedAt = clock.instant();
        status(task, TaskStatus.RUNNING);
        if (task.service != null) {
            for (EcsService.LoadBalancer lb : task.service.loadBalancers) {
                targets.register(lb.targetGroupArn(), task.targetId(), task.hostPort);
                task.targetGroups.add(lb.targetGroupArn());
                task.service.event(newId(), clock.instant(), "(service " + task.service.name + ") registered 1 targets in (target-group "
                        + lb.targetGroupArn() + ")");
            }
        }
        instanceChanged(cluster, task);
        changed.run();
    }

    /** Asks the task to stop (no-op when it already is); see the class comment for the steps. */
    void stop(EcsCluster cluster, EcsTask task, String reason, String stopCode) {
        if (!task.active()) {
            return;
        }
        task.desiredStatus = TaskStatus.STOPPED;
        task.stoppedReason = reason;
        task.stopCode = stopCode;
        task.stoppingAt = clock.instant();
        if (task.lastStatus.pending()) {
            if (!task.containerStarted) {
                finish(cluster, task);
            } else {
                task.version++;
                events.taskChanged(task); // the container is starting: stopped once it has
            }
            return;
        }
        status(task, TaskStatus.STOPPING);
        drain(cluster, task);
    }

    private void drain(EcsCluster cluster, EcsTask task) {
        List<String> groups = List.copyOf(task.targetGroups);
        if (groups.isEmpty()) {
            shutDown(cluster, task);
            return;
        }
        if (task.service != null) {
            task.service.event(newId(), clock.instant(), "(service " + task.service.name + ") has begun draining connections on 1 tasks.");
        }
        int[] left = {groups.size()};
        for (String group : groups) {
            targets.deregister(group, task.targetId(), task.hostPort, () -> timers.soon(() -> {
                task.targetGroups.remove(group);
                if (task.service != null) {
                    task.service.event(newId(), clock.instant(), "(service " + task.service.name + ") deregistered 1 targets in (target-group "
                            + group + ")");
                }
                if (--left[0] == 0) {
                    shutDown(cluster, task);
                }
            }));
        }
    }

    private void shutDown(EcsCluster cluster, EcsTask task) {
        if (task.lastStatus != TaskStatus.STOPPING) {
            status(task, TaskStatus.STOPPING);
        }
        runtime.stop(task.launch()).onFailure(e -> LOG.warn("stopping the container of task {} failed", task.id, e));
        timers.after(stopTimeout, () -> finish(cluster, task));
    }

    /** The instance is gone: the task stops at once, its targets are deregistered without waiting. */
    void kill(EcsCluster cluster, EcsTask task, String reason, String stopCode) {
        if (task.lastStatus == TaskStatus.STOPPED) {
            return;
        }
        if (task.active()) {
            task.desiredStatus = TaskStatus.STOPPED;
            task.stoppedReason = reason;
            task.stopCode = stopCode;
            task.stoppingAt = clock.instant();
        }
        for (String group : List.copyOf(task.targetGroups)) {
            targets.deregister(group, task.targetId(), task.hostPort, () -> { });
        }
        task.targetGroups.clear();
        if (task.containerStarted) {
            runtime.stop(task.launch()).onFailure(e -> LOG.warn("stopping the container of task {} failed", task.id, e));
        }
        finish(cluster, task);
    }

    private void finish(EcsCluster cluster, EcsTask task) {
        if (task.lastStatus == TaskStatus.STOPPED) {
            return;
        }
        task.stoppedAt = clock.instant();
        if (task.onInstance()) {
            task.instance.used = task.instance.used.minus(task.resources);
        }
        status(task, TaskStatus.STOPPED);
        if (task.network != null) {
            addressFreed.accept(task.network.privateIp());
        }
        cluster.stopped(task);
        instanceChanged(cluster, task);
        changed.run();
    }

    private void status(EcsTask task, TaskStatus status) {
        task.lastStatus = status;
        task.version++;
        events.taskChanged(task);
    }

    private static String newId() {
        return java.util.UUID.randomUUID().toString();
    }
}
