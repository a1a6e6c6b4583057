package io.microscaler.emitter;

import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * What a server served in the current interval: requests completed, of which errors (5xx), their
 * latencies' sum and maximum, and requests in flight. A request calls {@link #begin} when it
 * arrives and {@link #end} when its response is complete; {@link #drain} takes the interval's
 * figures and starts the next. Thread-safe: one lock, held for a few additions per request.
 */
public final class RequestSummaries {

    private final LongSupplier nanoTime;
    private long count;
    private long errors;
    private long latencyNanosSum;
    private long latencyNanosMax;
    private long inFlight;

    /** With the JVM's monotonic clock. */
    public RequestSummaries() {
        this(System::nanoTime);
    }

    /** @param nanoTime a monotonic clock in nanoseconds (a test's manual clock) */
    public RequestSummaries(LongSupplier nanoTime) {
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    /** A request arrived; returns its start, to give to {@link #end}. */
    public synchronized long begin() {
        inFlight++;
        return nanoTime.getAsLong();
    }

    /** The request begun at {@code startNanos} is complete with this HTTP status. */
    public void end(long startNanos, int status) {
        long latency = Math.max(0, nanoTime.getAsLong() - startNanos);
        synchronized (this) {
            inFlight = Math.max(0, inFlight - 1);
            count++;
            if (status >= 500) {
                errors++;
            }
            latencyNanosSum += latency;
            latencyNanosMax = Math.max(latencyNanosMax, latency);
        }
    }

    /** Requests begun and not yet ended. */
    public synchronized long inFlight() {
        return inFlight;
    }

    /** The interval's figures (in flight: now), and a fresh interval. */
    public synchronized Interval drain() {
        Interval interval = new Interval(count, errors, latencyNanosSum / 1_000_000, latencyNanosMax / 1_000_000, inFlight);
        count = 0;
        errors = 0;
        latencyNanosSum = 0;
        latencyNanosMax = 0;
        return interval;
    }

    /** One interval's figures, in the units of microscaler's summary event. */
    public record Interval(long count, long errors, long latencyMsSum, long latencyMsMax, long inFlight) {
    }
}
