package io.microscaler.actuate.aws;

import io.microscaler.tasks.TargetHealth;
import io.microscaler.tasks.TaskPhase;
import io.microscaler.tasks.TaskTarget;
import io.microscaler.tasks.TrackedTask;
import io.vertx.core.Future;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;

/**
 * Keeps a task-mode service's target group in step with its tasks, from DescribeTargetHealth:
 * registers RUNNING tasks, follows health, stops tasks whose targets have drained, and repairs
 * what others changed.
 */
final class TargetSync {

    static final String SCALE_IN_REASON = "microscaler scale-in";

    private static final Logger LOG = LoggerFactory.getLogger(TargetSync.class);

    private final TaskModeScope s;

    TargetSync(TaskModeScope scope) {
        this.s = scope;
    }

    /**
     * Reads the group's health and acts on it: RUNNING tasks are registered (or, found already in
     * the group after a restart, taken as registered or draining as they are), registered tasks
     * missing from the group are registered again, draining tasks still routable are deregistered
     * again, drained tasks are stopped, and ({@code strays}, with every task known) targets that
     * are none of the service's tasks are deregistered.
     */
    Future<Void> sync(boolean strays) {
        // Serving tasks need no look between reconciles; tasks on their way in or out do.
        boolean needed = strays || !s.orphans.isEmpty()
                || s.state.all().stream().anyMatch(t -> !t.serving() && t.target().isPresent());
        if (!needed) {
            return Future.succeededFuture();
        }
        return s.calls.targetHealth(s.targetGroupArn()).compose(health -> repair(health, strays));
    }

    private Future<Void> repair(Map<TaskTarget, TargetHealth> health, boolean strays) {
        Instant now = s.clock.instant();
        List<TrackedTask> register = new ArrayList<>();
        int repairs = 0;
        Set<TaskTarget> deregister = new LinkedHashSet<>();
        List<TrackedTask> drained = new ArrayList<>();
        Set<TaskTarget> ours = new HashSet<>();
        for (TrackedTask t : s.state.all()) {
            if (t.target().isEmpty()) {
                continue;
            }
            var target = t.target().get();
            ours.add(target);
            var h = health.getOrDefault(target, TargetHealth.UNUSED);
            if (t.phase() == TaskPhase.RUNNING) {
                if (h == TargetHealth.UNUSED) {
                    register.add(t);
                } else {
                    t.registered();
                    if (h.draining()) {
                        t.draining(now); // deregistered before a restart: let it finish draining
                    } else {
                        t.health(h);
                    }
                }
            } else if (t.phase() == TaskPhase.REGISTERED) {
                if (h == TargetHealth.UNUSED || h.draining()) {
                    register.add(t);
                    repairs++;
                } else {
                    t.health(h);
                }
            } else if (t.phase() == TaskPhase.DRAINING) {
                if (h == TargetHealth.UNUSED) {
                    drained.add(t);
                } else if (!h.draining()) {
                    deregister.add(target);
                    s.listener.repaired(s.service);
                } else if (overdue(t, now)) {
                    LOG.warn("{}: target {} of {} still draining {} after its deregistration delay of {}: stopping the"
                            + " task anyway", EcsTaskTarget.NAME, target, s.service, s.timings.drainGrace(),
                            s.deregistrationDelay());
                    drained.add(t);
                }
            }
        }
        for (var orphan : s.orphans) {
            var h = health.get(orphan);
            if (h != null && !h.draining() && !ours.contains(orphan) && deregister.add(orphan)) {
                s.listener.repaired(s.service);
            }
        }
        s.orphans.clear();
        if (strays && s.state.known()) {
            health.forEach((target, h) -> {
                if (!ours.contains(target) && !h.draining() && h != TargetHealth.UNUSED
                        && deregister.add(target)) {
                    s.listener.repaired(s.service);
                    LOG.warn("{}: target {} in the target group of {} is none of its tasks: deregistering it",
                            EcsTaskTarget.NAME, target, s.service);
                }
            });
        }
        if (repairs > 0) {
            s.listener.repaired(s.service);
            LOG.warn("{}: {} target(s) of {} were not registered (deregistered behind microscaler's back?): registering"
                    + " again", EcsTaskTarget.NAME, repairs, s.service);
        }
        Future<Void> again = register.isEmpty() ? Future.succeededFuture()
                : s.calls.registerTargets(s.targetGroupArn(), register.stream().map(t -> t.target().orElseThrow()).toList())
                        .map(v -> {
                            register.forEach(TrackedTask::registered);
                            return null;
                        });
        return again.compose(v -> deregister.isEmpty() ? Future.<Void>succeededFuture()
                        : s.calls.deregisterTargets(s.targetGroupArn(), deregister))
                .compose(v -> stop(drained))
                .map(v -> {
                    s.state.settleIfWhole();
                    return null;
                });
    }

    private boolean overdue(TrackedTask t, Instant now) {
        if (s.deregistrationDelay() == null || t.drainingSince().isEmpty()) {
            return false;
        }
        return now.isAfter(t.drainingSince().get().plus(s.deregistrationDelay()).plus(s.timings.drainGrace()));
    }

    /** StopTask each (SIGTERM, then SIGKILL after the container's stop timeout); stopped ones are no longer tracked. */
    Future<Void> stop(List<TrackedTask> tasks) {
        List<Future<Void>> stops = new ArrayList<>();
        for (TrackedTask t : tasks) {
            stops.add(s.calls.stopTask(s.settings.cluster(), t.arn(), SCALE_IN_REASON)
                    .recover(e -> unknownTask(e) ? Future.succeededFuture() : Future.failedFuture(e))
                    .map(v -> {
                        s.state.forget(t.arn());
                        return (Void) null;
                    }));
        }
        return Future.all(stops).mapEmpty();
    }

    /** ECS's answer to StopTask of a task it no longer has: nothing left to stop. */
    private static boolean unknownTask(Throwable e) {
        Throwable t = RetryClassifier.unwrap(e);
        return t instanceof InvalidParameterException && t.getMessage() != null && t.getMessage().contains("not found");
    }
}
