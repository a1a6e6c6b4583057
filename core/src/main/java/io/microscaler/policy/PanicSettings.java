package io.microscaler.policy;

import java.time.Duration;

/**
 * Knative KPA's panic mode for one service.
 *
 * @param enabled   whether the panic window is read at all
 * @param threshold panic when the panic window's desired count reaches this multiple of the ready
 *                  tasks (default 2: twice the load the tasks are sized for)
 * @param stableSpan leave panic once the condition has been absent this long: the stable window
 */
public record PanicSettings(boolean enabled, double threshold, Duration stableSpan) {

    public static final PanicSettings OFF = new PanicSettings(false, 2, Duration.ofSeconds(60));

    public PanicSettings {
        if (!(threshold > 1) || Double.isInfinite(threshold)) {
            throw new IllegalArgumentException("threshold must be > 1, but was " + threshold);
        }
        if (stableSpan == null || stableSpan.isNegative() || stableSpan.isZero()) {
            throw new IllegalArgumentException("stableSpan must be > 0, but was " + stableSpan);
        }
    }
}
