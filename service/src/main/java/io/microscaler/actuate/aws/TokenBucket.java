package io.microscaler.actuate.aws;

/**
 * A token bucket: {@code burst} tokens at most, refilled at {@code perSecond}. A caller that finds
 * no token reserves the next one and is told how long to wait for it, so waiting callers are
 * served in order and the long-run rate never exceeds {@code perSecond}. Example: rate 20/s, burst
 * 40: 40 calls go at once, the 41st waits 50 ms, the 42nd 100 ms.
 *
 * <p>Pure: time comes in as {@code System.nanoTime()}-style nanos. Not thread-safe; {@link AwsCalls}
 * guards each bucket.
 */
public final class TokenBucket {

    private static final double NANOS_PER_SECOND = 1e9;

    private final double perNano;
    private final int burst;
    // Below zero: tokens already promised to waiting callers.
    private double tokens;
    private long last;

    /** Starts full, at {@code nowNanos}. */
    public TokenBucket(double perSecond, int burst, long nowNanos) {
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("perSecond must be > 0 and finite, but was " + perSecond);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be >= 1, but was " + burst);
        }
        this.perNano = perSecond / NANOS_PER_SECOND;
        this.burst = burst;
        this.tokens = burst;
        this.last = nowNanos;
    }

    /**
     * Takes a token, now or in the future.
     *
     * @return nanos from {@code nowNanos} until the taken token is due: 0 to go at once
     */
    public long reserve(long nowNanos) {
        refill(nowNanos);
        tokens -= 1;
        if (tokens >= 0) {
            return 0;
        }
        return (long) Math.ceil(-tokens / perNano);
    }

    /** Gives back a reserved token that will not be used (its caller gave up before its turn). */
    public void release(long nowNanos) {
        refill(nowNanos);
        tokens = Math.min(burst, tokens + 1);
    }

    /** Tokens available at {@code nowNanos}; negative while callers wait for promised ones. */
    public double tokens(long nowNanos) {
        refill(nowNanos);
        return tokens;
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - last;
        if (elapsed > 0) {
            // Callers on other threads may pass a slightly older now: time never runs backwards here.
            tokens = Math.min(burst, tokens + elapsed * perNano);
            last = nowNanos;
        }
    }
}
