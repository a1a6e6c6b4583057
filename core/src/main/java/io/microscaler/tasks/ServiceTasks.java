package io.microscaler.tasks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * One task-mode service's bookkeeping: the count microscaler wants, the tasks it tracks by ARN,
 * its launch back-off and newest launch failure, and whether the tracked set is known to be
 * complete (read from ECS since start and since the last call whose effect is uncertain).
 *
 * <p>With Fargate overflow it also keeps when EC2 was last found full ({@link #ec2Room()}, a
 * back-off of its own): while that lasts new tasks go to Fargate, and once it is over the
 * Fargate tasks are replaced on EC2 ({@link #toReplace}), as are tasks on DRAINING instances. Replacement tasks on their way
 * are not {@link #active()}: they count once they serve. Mutable; lives on the actuator's
 * context only.
 */
public final class ServiceTasks {

    private final String service;
    private final LaunchBackoff backoff;
    private final LaunchBackoff ec2Room;
    private final Map<String, TrackedTask> tasks = new LinkedHashMap<>();
    private Integer desired;
    private Set<String> drainingInstances = Set.of();
    private LaunchFailure lastFailure;
    private boolean known;

    public ServiceTasks(String service, LaunchBackoff backoff) {
        this(service, backoff, backoff.copy());
    }

    /** @param ec2Room how long to keep off EC2 after it was found full (Fargate overflow only) */
    public ServiceTasks(String service, LaunchBackoff backoff, LaunchBackoff ec2Room) {
        this.service = service;
        this.backoff = backoff;
        this.ec2Room = ec2Room;
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

    /** The service's tasks on their way in or serving: not draining, not a replacement on its way. */
    public List<TrackedTask> active() {
        return tasks.values().stream().filter(ServiceTasks::counted).toList();
    }

    public int activeCount() {
        return (int) tasks.values().stream().filter(ServiceTasks::counted).count();
    }

    /** EC2 tasks on their way in to replace Fargate tasks. */
    public List<TrackedTask> replacing() {
        return tasks.values().stream().filter(TrackedTask::replacement).toList();
    }

    /** Every task on its way in, replacements included: what DescribeTasks must follow. */
    public List<TrackedTask> starting() {
        return tasks.values().stream().filter(t -> t.phase().active() && !t.serving()).toList();
    }

    private static boolean counted(TrackedTask t) {
        return t.phase().active() && !t.replacement();
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

    /** Set while EC2 was lately found full: launches go to Fargate and no replacement is tried. */
    public LaunchBackoff ec2Room() {
        return ec2Room;
    }

    /** EC2 had no room for a task (RESOURCE:CPU/MEMORY): keep off it for a while. */
    public void ec2Full(Instant now) {
        ec2Room.failed(now);
    }

    /** EC2 placed every task asked of it. */
    public void ec2Placed() {
        ec2Room.reset();
    }

    /** The container instances last read as DRAINING (by ARN). */
    public void instancesDraining(Set<String> instanceArns) {
        this.drainingInstances = Set.copyOf(instanceArns);
    }

    /** Serving tasks on an instance that is DRAINING: they are to be replaced elsewhere. */
    public int leaving() {
        return (int) tasks.values().stream()
                .filter(t -> t.serving() && t.instanceArn().map(drainingInstances::contains).orElse(false)).count();
    }

    /**
     * How many replacements to start now, while the service is steady (nothing to launch, stop or
     * take back; a replacement is a surge above the desired count, never a way to reach it): one per
     * serving task on a DRAINING instance, and with {@code fargateReturns} one per serving Fargate
     * task once EC2 may have room again; less those already on their way.
     */
    public int toReplace(Instant now, boolean fargateReturns) {
        if (!plan(now).idle()) {
            return 0;
        }
        long back = !fargateReturns || !ec2Room.allows(now) ? 0 : tasks.values().stream()
                .filter(t -> t.launchType() == LaunchType.FARGATE && t.serving()).count();
        return (int) Math.max(0, leaving() + back - replacing().size());
    }

    /** Records the failure; launches wait: the base delay after a lack of room, a doubling one otherwise. */
    public void launchFailed(LaunchFailure failure) {
        lastFailure = failure;
        if (failure.noRoom()) {
            backoff.failedWithoutBlame(failure.at());
        } else {
            backoff.failed(failure.at());
        }
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
        // Replacements on their way are pending too: one more than desired, for a while.
        return new TaskCounts(desired().orElse(active), serving, active - serving + replacing().size(), drainingCount(),
                lastFailure());
    }
}
