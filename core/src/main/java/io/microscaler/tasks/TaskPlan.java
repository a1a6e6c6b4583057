package io.microscaler.tasks;

/**
 * What to do to bring a service's active tasks (starting, running, registered) to the desired
 * count: take back draining tasks first (registering a draining target again is instant, and the
 * task has not been sent SIGTERM yet), then launch the rest unless launches are backing off
 * (those are held back); or stop the surplus. Draining tasks are not active: they leave anyway.
 *
 * <p>Examples (desired, active, draining, may launch → reclaim, launch, stop, held back):
 * (5, 2, 0, yes → 0, 3, 0, 0); (5, 2, 1, yes → 1, 2, 0, 0); (5, 2, 1, no → 1, 0, 0, 2);
 * (2, 5, 0, – → 0, 0, 3, 0).
 */
public record TaskPlan(int reclaim, int launch, int stop, int heldBack) {

    public TaskPlan {
        if (reclaim < 0 || launch < 0 || stop < 0 || heldBack < 0) {
            throw new IllegalArgumentException("plan counts must be >= 0, but were reclaim=" + reclaim + " launch="
                    + launch + " stop=" + stop + " heldBack=" + heldBack);
        }
    }

    public static TaskPlan of(int desired, int active, int draining, boolean mayLaunch) {
        if (desired < 0 || active < 0 || draining < 0) {
            throw new IllegalArgumentException("counts must be >= 0, but were desired=" + desired + " active=" + active
                    + " draining=" + draining);
        }
        if (desired <= active) {
            return new TaskPlan(0, 0, active - desired, 0);
        }
        int missing = desired - active;
        int reclaim = Math.min(missing, draining);
        int launch = mayLaunch ? missing - reclaim : 0;
        return new TaskPlan(reclaim, launch, 0, missing - reclaim - launch);
    }

    /** Nothing to do (held-back launches wait for the back-off, they are not an action). */
    public boolean idle() {
        return reclaim == 0 && launch == 0 && stop == 0;
    }
}
