package io.microscaler.tasks;

/**
 * Where one of a service's tasks is on its way in or out. In: {@link #STARTING} (RunTask accepted,
 * not RUNNING yet) → {@link #RUNNING} (RUNNING, its target known but not registered) →
 * {@link #REGISTERED} (in the target group; capacity once healthy). Out: {@link #DRAINING}
 * (deregistered, waiting out the deregistration delay), then StopTask, after which the task is no
 * longer tracked.
 */
public enum TaskPhase {
    STARTING,
    RUNNING,
    REGISTERED,
    DRAINING;

    /** Counts towards the service's tasks (everything but draining). */
    public boolean active() {
        return this != DRAINING;
    }
}
