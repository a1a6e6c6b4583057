package io.microscaler.policy;

import io.microscaler.window.DemandKind;
import java.time.Duration;

/**
 * The demand policy: tasks from the latest demand signal.
 *
 * @param kind              {@link DemandKind#QUEUE_DEPTH}: ceil(depth ÷ (throughputPerTask × drainTime));
 *                          {@link DemandKind#DESIRED_TASKS}: the count as given (the Force12 way)
 * @param throughputPerTask items one task completes per second (queue depth only)
 * @param drainTime         how soon the queue should be empty (queue depth only)
 */
public record DemandSettings(DemandKind kind, double throughputPerTask, Duration drainTime) {

    public DemandSettings {
        if (kind != DemandKind.QUEUE_DEPTH && kind != DemandKind.DESIRED_TASKS) {
            throw new IllegalArgumentException("kind must be queue-depth or desired-tasks, but was " + kind);
        }
        if (!(throughputPerTask > 0) || Double.isInfinite(throughputPerTask)) {
            throw new IllegalArgumentException("throughputPerTask must be > 0, but was " + throughputPerTask);
        }
        if (drainTime == null || drainTime.isNegative() || drainTime.isZero()) {
            throw new IllegalArgumentException("drainTime must be > 0, but was " + drainTime);
        }
    }
}
