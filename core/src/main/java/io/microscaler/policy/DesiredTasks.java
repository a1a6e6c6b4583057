package io.microscaler.policy;

/** The target step: how many tasks hold the metric at its target per task. */
public final class DesiredTasks {

    /**
     * Absorbs floating-point noise before rounding up: 500.0 / 100.0 is 5 exactly, but 6.9 req/s
     * over a target of 2.3 is 3.0000000000000004 in doubles and would ceil to 4. A real excess of a
     * billionth of a task is no reason for one more task.
     */
    static final double EPSILON = 1e-9;

    private DesiredTasks() {
    }

    /**
     * ceil(total / targetPerTask): 512 req/s at 100 per task needs 5.12, so 6 tasks; 500 needs 5;
     * 0 needs 0 (bounds raise it to the minimum later).
     */
    public static int forTotal(double total, double targetPerTask) {
        if (!(targetPerTask > 0)) {
            throw new IllegalArgumentException("targetPerTask must be > 0, but was " + targetPerTask);
        }
        if (!(total >= 0)) {
            throw new IllegalArgumentException("total must be >= 0, but was " + total);
        }
        double tasks = Math.ceil(total / targetPerTask - EPSILON);
        return (int) Math.min(Math.max(tasks, 0), Integer.MAX_VALUE);
    }
}
