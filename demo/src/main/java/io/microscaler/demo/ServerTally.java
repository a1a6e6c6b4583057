package io.microscaler.demo;

/**
 * An image server's roll-up of the requests it completed in one interval, for summary events
 * (docs/design.md section 2): count, errors (5xx, as the windows count them), latency sum and max.
 * Pure and thread-confined; {@link #close} hands out the interval and starts the next.
 */
final class ServerTally {

    /** One closed interval; {@code inFlight} is what was in progress when it closed. */
    record Interval(long count, long errors, long latencyMsSum, long latencyMsMax, long inFlight) {
    }

    private long count;
    private long errors;
    private long latencyMsSum;
    private long latencyMsMax;

    void record(long latencyMs, int status) {
        count++;
        if (status >= 500) {
            errors++;
        }
        latencyMsSum += latencyMs;
        latencyMsMax = Math.max(latencyMsMax, latencyMs);
    }

    /** Ends the interval: its figures (all 0 when idle: a heartbeat), and a fresh one begins. */
    Interval close(long inFlight) {
        Interval closed = new Interval(count, errors, latencyMsSum, latencyMsMax, inFlight);
        count = 0;
        errors = 0;
        latencyMsSum = 0;
        latencyMsMax = 0;
        return closed;
    }
}
