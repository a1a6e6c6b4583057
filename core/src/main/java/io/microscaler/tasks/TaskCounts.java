package io.microscaler.tasks;

import io.microscaler.policy.Capacity;
import java.util.Optional;

/**
 * A task-mode service's counts: what microscaler wants, what serves (registered and healthy), what
 * is on its way (starting, or registered and not yet healthy), what drains (no longer counted,
 * not stopped yet), and the newest launch failure since the last healthy task.
 */
public record TaskCounts(int desired, int running, int pending, int draining, Optional<LaunchFailure> lastFailure) {

    public TaskCounts {
        if (desired < 0 || running < 0 || pending < 0 || draining < 0) {
            throw new IllegalArgumentException("task counts must be >= 0, but were desired=" + desired + " running="
                    + running + " pending=" + pending + " draining=" + draining);
        }
    }

    /** For the actuator's port: draining tasks are not capacity. */
    public Capacity capacity() {
        return new Capacity(desired, running, pending);
    }
}
