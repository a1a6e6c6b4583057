package io.microscaler.policy;

import java.time.Duration;

/**
 * The predictive policy ({@link PredictiveScaling}).
 *
 * @param horizon how far ahead to forecast: the time from asking for a task to it serving (for
 *                EC2-backed ECS 20–60 s, for Fargate about a minute), so that a task asked for on a
 *                forecast serves the load it was forecast for
 */
public record PredictiveSettings(Duration horizon) {

    public PredictiveSettings {
        if (horizon == null || horizon.isNegative() || horizon.isZero()) {
            throw new IllegalArgumentException("horizon must be > 0, but was " + horizon);
        }
    }
}
