package io.microscaler.tasks;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Keeps a service that cannot get its tasks from retrying in a tight loop: after the n-th failure
 * in a row (a RunTask {@code failures} entry, a task that stopped before it was healthy, a failed
 * call) the next launch waits {@code min(cap, base × 2^(n−1))}: with 1 s and 60 s, 1, 2, 4, … 32,
 * 60, 60 s. It resets once the service has all the tasks it wants, serving. Pure: time comes in.
 */
public final class LaunchBackoff {

    private final Duration base;
    private final Duration cap;
    private int failures;
    private Instant notBefore;

    public LaunchBackoff(Duration base, Duration cap) {
        if (base.isNegative() || base.isZero()) {
            throw new IllegalArgumentException("base must be > 0, but was " + base);
        }
        if (cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("cap must be >= base (" + base + "), but was " + cap);
        }
        this.base = base;
        this.cap = cap;
    }

    /** A new back-off with the same base and cap, and no failures. */
    public LaunchBackoff copy() {
        return new LaunchBackoff(base, cap);
    }

    /**
     * A failure that says nothing about the service: the next try waits {@code base}, not longer.
     * For a lack of room, which comes back when others stop tasks or an instance joins, and no
     * growing wait can foresee that.
     */
    public void failedWithoutBlame(Instant now) {
        failures++;
        notBefore = now.plus(base);
    }

    public void failed(Instant now) {
        failures++;
        notBefore = now.plus(delay(failures));
    }

    public void reset() {
        failures = 0;
        notBefore = null;
    }

    public boolean allows(Instant now) {
        return notBefore == null || !now.isBefore(notBefore);
    }

    /** When the next launch may go, while one must wait. */
    public Optional<Instant> notBefore() {
        return Optional.ofNullable(notBefore);
    }

    public int failures() {
        return failures;
    }

    /** The wait after the {@code failures}-th failure in a row (1-based). */
    Duration delay(int failures) {
        Duration delay = base;
        for (int i = 1; i < failures && delay.compareTo(cap) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(cap) > 0 ? cap : delay;
    }
}
