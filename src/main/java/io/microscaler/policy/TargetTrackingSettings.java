package io.microscaler.policy;

import java.time.Duration;

/**
 * Target tracking for one service.
 *
 * @param targetPerTask          the metric's target per task, e.g. 100 requests/s per task
 * @param tolerance              no change while |metric / (tasks × target) − 1| ≤ this (default 0.1)
 * @param minTasks               never fewer tasks
 * @param maxTasks               never more tasks
 * @param scaleDownStabilisation a scale-in takes the highest recommendation within this window (default 300 s)
 */
public record TargetTrackingSettings(
        TargetMetric metric,
        double targetPerTask,
        double tolerance,
        int minTasks,
        int maxTasks,
        Duration scaleDownStabilisation) {

    public TargetTrackingSettings {
        if (metric == null) {
            throw new IllegalArgumentException("metric must be set");
        }
        if (!(targetPerTask > 0) || Double.isInfinite(targetPerTask)) {
            throw new IllegalArgumentException("targetPerTask must be > 0, but was " + targetPerTask);
        }
        if (!(tolerance >= 0 && tolerance < 1)) {
            throw new IllegalArgumentException("tolerance must be in [0, 1), but was " + tolerance);
        }
        if (minTasks < 0) {
            throw new IllegalArgumentException("minTasks must be >= 0, but was " + minTasks);
        }
        if (maxTasks < minTasks || maxTasks < 1) {
            throw new IllegalArgumentException(
                    "maxTasks must be >= minTasks (" + minTasks + ") and >= 1, but was " + maxTasks);
        }
        if (scaleDownStabilisation == null || scaleDownStabilisation.isNegative()) {
            throw new IllegalArgumentException("scaleDownStabilisation must be >= 0, but was " + scaleDownStabilisation);
        }
    }
}
