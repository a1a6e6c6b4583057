package io.microscaler.actuate.aws;

import io.microscaler.tasks.LaunchFailure;
import io.microscaler.tasks.TaskModeSettings;
import io.microscaler.tasks.TaskPhase;
import io.microscaler.tasks.TrackedTask;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads what ECS says of a task-mode service's tasks into its bookkeeping: RUNNING tasks get
 * their target (host port and the instance's EC2 id), stopped ones are counted out (a failure if
 * they never served, a repair if they did), and tasks of the service that were not tracked are
 * taken in.
 */
final class TaskReader {

    private static final Logger LOG = LoggerFactory.getLogger(TaskReader.class);

    private final TaskModeScope s;
    private final Set<String> reportedWithoutTarget = new HashSet<>();

    TaskReader(TaskModeScope scope) {
        this.s = scope;
    }

    /** ListTasks + DescribeTasks: adopts tasks of the service it did not track, counts out those that stopped. */
    Future<Void> refresh() {
        return s.calls.listTasks(s.settings.cluster(), s.settings.startedBy()).compose(listed -> {
            Set<String> arns = new LinkedHashSet<>(listed);
            s.state.all().forEach(t -> arns.add(t.arn()));
            return arns.isEmpty() ? Future.succeededFuture(new TaskModeCalls.Described(List.of(), Set.of()))
                    : s.calls.describeTasks(s.settings, arns);
        }).compose(described -> {
            Set<String> seen = new HashSet<>();
            List<ObservedTask> running = new ArrayList<>();
            for (ObservedTask o : described.tasks()) {
                boolean ours = TaskModeSettings.group(s.service).equals(o.group()) || s.state.get(o.arn()).isPresent();
                if (ours) {
                    seen.add(o.arn());
                    absorb(o, running);
                }
            }
            for (TrackedTask t : s.state.all()) {
                if (!seen.contains(t.arn())) {
                    gone(t, "ECS no longer knows the task");
                }
            }
            return resolveTargets(running);
        }).map(v -> {
            s.state.known(true);
            return null;
        });
    }

    /** DescribeTasks of the tasks on their way in (not yet serving). */
    Future<Void> advanceStarting() {
        // Registered tasks not yet healthy too: one that stops before it is healthy is seen at once.
        List<String> arns = s.state.starting().stream().map(TrackedTask::arn).toList();
        if (arns.isEmpty()) {
            return Future.succeededFuture();
        }
        return s.calls.describeTasks(s.settings, arns).compose(described -> {
            List<ObservedTask> running = new ArrayList<>();
            described.tasks().forEach(o -> absorb(o, running));
            described.missing().forEach(arn -> s.state.get(arn).ifPresent(t -> gone(t, "ECS no longer knows the task")));
            return resolveTargets(running);
        });
    }

    /** Takes in what ECS says of one of the service's tasks. */
    private void absorb(ObservedTask o, List<ObservedTask> running) {
        TrackedTask tracked = s.state.get(o.arn()).orElse(null);
        if (!o.active()) {
            if (tracked != null) {
                gone(tracked, o.stoppedReason().isEmpty() ? "stopped" : o.stoppedReason());
            }
            return;
        }
        if (tracked == null) {
            tracked = new TrackedTask(o.arn(), o.launchType(), o.createdAt(), o.instanceArn());
            s.state.track(tracked);
            if (s.state.known()) {
                // A task of ours that was not tracked: a RunTask whose answer was lost, now found.
                s.listener.repaired(s.service);
            }
            LOG.info("{}: {} has task {} ({}), now tracked", EcsTaskTarget.NAME, s.service, o.arn(), o.lastStatus());
        }
        if (o.instanceArn() != null) {
            tracked.placedOn(o.instanceArn());
        }
        if (o.running() && tracked.phase() != TaskPhase.DRAINING) {
            running.add(o);
        }
    }

    /** A tracked task stopped (or vanished): counted out; the next converge replaces it. */
    private void gone(TrackedTask t, String reason) {
        s.state.forget(t.arn());
        t.target().ifPresent(target -> {
            if (t.phase() == TaskPhase.REGISTERED || t.phase() == TaskPhase.DRAINING) {
                s.orphans.add(target);
            }
        });
        if (t.phase() == TaskPhase.DRAINING) {
            LOG.debug("{}: draining task {} of {} stopped: {}", EcsTaskTarget.NAME, t.arn(), s.service, reason);
        } else if (t.serving()) {
            s.listener.repaired(s.service);
            LOG.warn("{}: task {} of {} stopped behind microscaler's back ({}): it will be replaced", EcsTaskTarget.NAME,
                    t.arn(), s.service, reason);
        } else if (t.replacement()) {
            // The service still has its Fargate task: try EC2 again later, without holding back launches.
            s.state.ec2Full(s.clock.instant());
            LOG.warn("{}: EC2 replacement {} of {} stopped before it was healthy: {}", EcsTaskTarget.NAME, t.arn(),
                    s.service, reason);
        } else {
            s.state.launchFailed(new LaunchFailure(LaunchFailure.TASK_STOPPED, reason, s.clock.instant()));
            LOG.warn("{}: task {} of {} stopped before it was healthy: {}", EcsTaskTarget.NAME, t.arn(), s.service, reason);
        }
    }

    /** Reads the EC2 ids of instances not seen yet, then each RUNNING task's target. */
    private Future<Void> resolveTargets(List<ObservedTask> running) {
        Set<String> unknown = new LinkedHashSet<>();
        running.stream().filter(o -> o.hostPort().isPresent() && o.instanceArn() != null
                && !s.ec2ByInstanceArn.containsKey(o.instanceArn())).forEach(o -> unknown.add(o.instanceArn()));
        Future<Void> ids = unknown.isEmpty() ? Future.succeededFuture()
                : s.calls.describeContainerInstances(s.settings.cluster(), unknown).map(loads -> {
                    loads.values().forEach(l -> s.ec2ByInstanceArn.put(l.instanceArn(), l.ec2InstanceId()));
                    return null;
                });
        return ids.map(v -> {
            for (ObservedTask o : running) {
                TrackedTask t = s.state.get(o.arn()).orElse(null);
                if (t == null) {
                    continue;
                }
                var target = o.target(s.ec2ByInstanceArn);
                if (target.isPresent()) {
                    t.running(target.get());
                } else if (reportedWithoutTarget.add(o.arn())) {
                    String detail = "task " + o.arn() + " has no network binding for container '"
                            + s.settings.containerName() + "' port " + s.settings.containerPort();
                    s.state.launchFailed(new LaunchFailure(LaunchFailure.NO_TARGET, detail, s.clock.instant()));
                    LOG.error("{}: {} of {}: check containerName/containerPort", EcsTaskTarget.NAME, detail, s.service);
                }
            }
            return null;
        });
    }
}
