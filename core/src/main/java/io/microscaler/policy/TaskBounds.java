package io.microscaler.policy;

import io.microscaler.decision.Reason;

/** The bounds step: never fewer than the minimum, never more than the maximum tasks. */
public final class TaskBounds {

    private TaskBounds() {
    }

    /**
     * A count after the bounds.
     *
     * @param reason {@link Reason#AT_MIN} or {@link Reason#AT_MAX} if the bounds
     *               changed the count, {@code null} if they did not
     */
    public record Bounded(int count, Reason reason) {

        public boolean changed() {
            return reason != null;
        }
    }

    public static Bounded clamp(int recommended, int minTasks, int maxTasks) {
        if (minTasks > maxTasks) {
            throw new IllegalArgumentException("minTasks must be <= maxTasks (" + maxTasks + "), but was " + minTasks);
        }
        if (recommended < minTasks) {
            return new Bounded(minTasks, Reason.AT_MIN);
        }
        if (recommended > maxTasks) {
            return new Bounded(maxTasks, Reason.AT_MAX);
        }
        return new Bounded(recommended, null);
    }
}
