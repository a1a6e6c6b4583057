package io.microscaler.actuate.aws;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Exponential back-off with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"):
 * before retry {@code n} (0 for the first retry) sleep a uniformly random time in
 * {@code [0, min(cap, base × 2^n)]}. With base 100 ms and cap 5 s the ceilings run 100, 200, 400,
 * 800, 1600, 3200, 5000, 5000 ms; the randomness spreads clients that were throttled together, so
 * they do not come back together. Pure: the random source is passed in.
 */
public final class Backoff {

    private final long baseNanos;
    private final long capNanos;
    private final RandomGenerator random;

    /**
     * @param random shared by every caller; {@link java.util.Random} is safe to share across threads
     */
    public Backoff(Duration base, Duration cap, RandomGenerator random) {
        if (base.isNegative() || base.isZero()) {
            throw new IllegalArgumentException("base must be > 0, but was " + base);
        }
        if (cap.compareTo(base) < 0) {
            throw new IllegalArgumentException("cap must be >= base (" + base + "), but was " + cap);
        }
        this.baseNanos = base.toNanos();
        this.capNanos = cap.toNanos();
        this.random = random;
    }

    /** The largest sleep before retry {@code retry} (0-based): {@code min(cap, base × 2^retry)}. */
    public long ceilingNanos(int retry) {
        if (retry < 0) {
            throw new IllegalArgumentException("retry must be >= 0, but was " + retry);
        }
        // base × 2^retry overflows a long past 2^63; any shift that would reach the cap is the cap.
        if (retry >= 62 || baseNanos > (capNanos >> retry)) {
            return capNanos;
        }
        return Math.min(capNanos, baseNanos << retry);
    }

    /** A sleep before retry {@code retry} (0-based), uniform in {@code [0, ceilingNanos(retry)]}. */
    public long delayNanos(int retry) {
        long ceiling = ceilingNanos(retry);
        return ceiling == Long.MAX_VALUE ? random.nextLong(0, ceiling) : random.nextLong(0, ceiling + 1);
    }
}
