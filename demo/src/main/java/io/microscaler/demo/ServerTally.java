package io.microscaler.demo;

/**
 * An image server's roll-up of the requests it completed in one interval, for summary events
 * (docs/design.md section 2): count, errors (5xx, as the windows count them), latency sum and max,
 * and their time at work apart from queue waits. Pure and thread-confined; {@link #close} hands out
 * the interval and starts the next.
 */
final class ServerTally {

    /** One closed interval; {@code inFlight} and {@code queued} are what was in progress and waiting when it closed. */
    record Interval(long count, long errors, long latencyMsSum, long latencyMsMax, long inFlight, long busyMsSum,
                    long queued) {
    }

    private long count;
    private long errors;
    private long latencyMsSum;
    private long latencyMsMax;
    private long busyMsSum;

    /** @param serviceMs the request's time at work, at most its latency, or {@link EventJson#UNREPORTED} (not rendered) */
    void record(long latencyMs, long serviceMs, int status) {
        count++;
        if (status >= 500) {
            errors++;
        }
        latencyMsSum += latencyMs;
        latencyMsMax = Math.max(latencyMsMax, latencyMs);
        if (serviceMs != EventJson.UNREPORTED) {
            busyMsSum += Math.min(serviceMs, latencyMs);
        }
    }

    /** Ends the interval: its figures (all 0 when idle: a heartbeat), and a fresh one begins. */
    Interval close(long inFlight, long queued) {
        Interval closed = new Interval(count, errors, latencyMsSum, latencyMsMax, inFlight, busyMsSum, queued);
        count = 0;
        errors = 0;
        latencyMsSum = 0;
        latencyMsMax = 0;
        busyMsSum = 0;
        return closed;
    }
}
