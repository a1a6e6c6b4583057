package io.microscaler.actuate.tasks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One task-mode service's bookkeeping: the count microscaler wants, the tasks it tracks by ARN,
 * its launch back-off and newest launch failure, and whether the tracked set is known to be
 * complete (read from ECS since start and since the last call whose effect is uncertain).
 * Mutable; lives on the actuator's context only.
 */
public final class ServiceTasks {

    private final String service;
    private final LaunchBackoff backoff;
    private final Map<String, TrackedTask> tasks = new LinkedHashMap<>();
    private Integer desired;
    private LaunchFailure lastFailure;
    private boolean known;

    public ServiceTasks(String service, LaunchBackoff backoff) {
        this.service = service;
        this.backoff = backoff;
    }

    public String service() {
        return service;
    }

    public OptionalInt desired() {
        return desired == null ? OptionalInt.empty() : OptionalInt.of(desired);
    }

    public void desired(int count) {
        if (count < 0) {
            throw new IllegalArgumentException("desired count of '" + service + "' must be >= 0, but was " + count);
        }
        this.desired = count;
    }

    /** Whether every task of the service is tracked; until then nothing is launched or called stray. */
    public boolean known() {
        return known;
    }

    public void known(boolean complete) {
        this.known = complete;
    }

    public void track(TrackedTask task) {
        tasks.put(task.arn(), task);
    }

    public Optional<TrackedTask> get(String arn) {
        return Optional.ofNullable(tasks.get(arn));
    }

    public void forget(String arn) {
        tasks.remove(arn);
    }

    public List<TrackedTask> all() {
        return List.copyOf(tasks.values());
    }

    public List<TrackedTask> inPhase(TaskPhase phase) {
        List<TrackedTask> found = new ArrayList<>();
        for (TrackedTask t : tasks.values()) {
            if (t.phase() == phase) {
                found.add(t);
            }
        }
        return found;
    }

    public List<TrackedTask> active() {
        return tasks.values().stream().filter(t -> t.phase().active()).toList();
    }

    public int activeCount() {
        return (int) tasks.values().stream().filter(t -> t.phase().active()).count();
    }

    public int drainingCount() {
        return (int) tasks.values().stream().filter(t -> t.phase() == TaskPhase.DRAINING).count();
    }

    /** Something is on its way in or out, so someone should look again soon. */
    public boolean inProgress() {
        return tasks.values().stream().anyMatch(t -> !t.serving());
    }

    /**
     * What to do now. Only EC2 tasks (instance targets) are taken back while draining: ELB does not
     * register an IP target again before its deregistration delay is over.
     */
    public TaskPlan plan(Instant now) {
        return TaskPlan.of(desired().orElse(activeCount()), activeCount(), reclaimable().size(), backoff.allows(now));
    }

    /** Draining tasks that can be registered again, the latest to start draining first. */
    public List<TrackedTask> reclaimable() {
        return tasks.values().stream()
                .filter(t -> t.phase() == TaskPhase.DRAINING && t.launchType() == LaunchType.EC2)
                .sorted(Comparator.comparing((TrackedTask t) -> t.drainingSince().orElse(Instant.MIN)).reversed())
                .toList();
    }

    public LaunchBackoff backoff() {
        return backoff;
    }

    public void launchFailed(LaunchFailure failure) {
        lastFailure = failure;
        backoff.failed(failure.at());
    }

    public Optional<LaunchFailure> lastFailure() {
        return Optional.ofNullable(lastFailure);
    }

    /**
     * Call after health was read: once every wanted task serves and nothing else is active, the
     * back-off and the failure are over.
     */
    public void settleIfWhole() {
        int serving = (int) tasks.values().stream().filter(TrackedTask::serving).count();
        if (desired != null && serving == desired && activeCount() == desired) {
            backoff.reset();
            lastFailure = null;
        }
    }

    public TaskCounts counts() {
        int serving = (int) tasks.values().stream().filter(TrackedTask::serving).count();
        int active = activeCount();
        return new TaskCounts(desired().orElse(active), serving, active - serving, drainingCount(), lastFailure());
    }
}
