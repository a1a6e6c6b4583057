package io.microscaler.policy;

import java.time.Duration;

/**
 * One HPA scaling policy: at most {@code value} tasks, or {@code value} percent of the count at the
 * start of the period, added (or removed) within any {@code period}. "4 tasks per 15s",
 * "100% per 15s".
 */
public record RateLimit(ChangeType type, int value, Duration period) {

    public RateLimit {
        if (type == null) {
            throw new IllegalArgumentException("type must be set");
        }
        if (value < 1) {
            throw new IllegalArgumentException("value must be >= 1, but was " + value);
        }
        if (period == null || period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period must be > 0, but was " + period);
        }
    }

    @Override
    public String toString() {
        return value + (type == ChangeType.PERCENT ? "%" : value == 1 ? " task" : " tasks") + " per "
                + period.toSeconds() + " s";
    }
}
