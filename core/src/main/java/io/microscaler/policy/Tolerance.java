package io.microscaler.policy;

/**
 * The tolerance step: leave the count alone while the metric is close to its target, so that a
 * service at 5 tasks and 510 req/s (ratio 1.02) does not go to 6 and back to 5 a minute later.
 */
public final class Tolerance {

    private Tolerance() {
    }

    /**
     * The metric per task relative to the target: total / (tasks × target). 510 req/s on 5 tasks
     * at 100 per task is 1.02. NaN without tasks (no ratio to speak of).
     */
    public static double ratio(double total, int currentTasks, double targetPerTask) {
        return currentTasks <= 0 ? Double.NaN : total / (currentTasks * targetPerTask);
    }

    /**
     * Whether |ratio − 1| ≤ tolerance. Never true without tasks: with 0 tasks any load must start
     * one. With tolerance 0.1 at 5 tasks × 100: 450–550 req/s stay (ratio 0.9–1.1), 449 and 551 do not.
     */
    public static boolean isWithin(double total, int currentTasks, double targetPerTask, double tolerance) {
        double ratio = ratio(total, currentTasks, targetPerTask);
        // The epsilon keeps the boundary inclusive through float noise: 550 / 500 − 1 is 0.10000000000000009.
        return !Double.isNaN(ratio) && Math.abs(ratio - 1) <= tolerance + DesiredTasks.EPSILON;
    }
}
