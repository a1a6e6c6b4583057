package io.microscaler.tasks;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One task of a service as microscaler tracks it: where it runs, its target once known, its
 * {@link TaskPhase} and, once registered, its target's health. Mutable; lives on the actuator's
 * context only.
 */
public final class TrackedTask {

    private final String arn;
    private final LaunchType launchType;
    private final Instant launchedAt;
    private String instanceArn;
    private TaskTarget target;
    private TaskPhase phase = TaskPhase.STARTING;
    private TargetHealth health = TargetHealth.NONE;
    private Instant drainingSince;
    private boolean replacement;

    /**
     * A task RunTask started, or one found running that microscaler started before.
     *
     * @param instanceArn its container instance; null on Fargate (or not placed yet)
     */
    public TrackedTask(String arn, LaunchType launchType, Instant launchedAt, String instanceArn) {
        this.arn = Objects.requireNonNull(arn, "arn");
        this.launchType = Objects.requireNonNull(launchType, "launchType");
        this.launchedAt = Objects.requireNonNull(launchedAt, "launchedAt");
        this.instanceArn = instanceArn;
    }

    public String arn() {
        return arn;
    }

    public LaunchType launchType() {
        return launchType;
    }

    public Instant launchedAt() {
        return launchedAt;
    }

    public Optional<String> instanceArn() {
        return Optional.ofNullable(instanceArn);
    }

    public Optional<TaskTarget> target() {
        return Optional.ofNullable(target);
    }

    public TaskPhase phase() {
        return phase;
    }

    public TargetHealth health() {
        return health;
    }

    /**
     * An EC2 task started to take over from a Fargate overflow task: not counted as one of the
     * service's tasks until it serves (so the plan neither stops it as surplus nor launches for it);
     * then it is one of them, and the surplus Fargate task is stopped.
     */
    public boolean replacement() {
        return replacement;
    }

    /** Marks it as a {@link #replacement()}; the mark goes once it serves. */
    public TrackedTask asReplacement() {
        this.replacement = true;
        return this;
    }

    public Optional<Instant> drainingSince() {
        return Optional.ofNullable(drainingSince);
    }

    /** Registered and the load balancer routes to it: capacity. */
    public boolean serving() {
        return phase == TaskPhase.REGISTERED && health.serving();
    }

    public void placedOn(String containerInstanceArn) {
        this.instanceArn = containerInstanceArn;
    }

    /** RUNNING, reachable at {@code target}; to be registered. */
    public void running(TaskTarget reachableAt) {
        this.target = Objects.requireNonNull(reachableAt, "reachableAt");
        if (phase == TaskPhase.STARTING) {
            phase = TaskPhase.RUNNING;
        }
    }

    /** Its target is in the target group (newly, or again after draining was called off). */
    public void registered() {
        requireTarget("registered");
        phase = TaskPhase.REGISTERED;
        drainingSince = null;
        health = TargetHealth.INITIAL;
    }

    public void health(TargetHealth state) {
        this.health = Objects.requireNonNull(state, "state");
        if (serving()) {
            replacement = false;
        }
    }

    /** Deregistered at {@code now}: no longer capacity, stopped once its target has drained. */
    public void draining(Instant now) {
        requireTarget("draining");
        phase = TaskPhase.DRAINING;
        health = TargetHealth.DRAINING;
        drainingSince = now;
    }

    private void requireTarget(String what) {
        if (target == null) {
            throw new IllegalStateException("task " + arn + " has no target yet, so it cannot be " + what);
        }
    }

    @Override
    public String toString() {
        return arn + " " + phase + (replacement ? " replacement" : "") + (target == null ? "" : " " + target + " " + health);
    }
}
