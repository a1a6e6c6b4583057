package io.microscaler.ingest;

import java.util.Objects;

/**
 * A server's own roll-up of one interval: for services too busy to send one event per request,
 * and as a heartbeat ({@code count} 0) that tells "no traffic" apart from "no data".
 *
 * @param ts           the end of the interval, epoch milliseconds
 * @param intervalMs   the interval's length (> 0)
 * @param count        requests completed in the interval (≥ 0)
 * @param errors       of which failed (0 ≤ errors ≤ count)
 * @param latencyMsSum the sum of their latencies, milliseconds
 * @param latencyMsMax the largest of their latencies, milliseconds
 * @param inFlight     requests in progress at the end of the interval
 * @param busyMsSum    their time at work in all, without queue waits (≤ latencyMsSum), or {@link #UNREPORTED}
 * @param queued       requests waiting at the end of the interval, or {@link #UNREPORTED}
 */
public record SummaryEvent(String service, long ts, long intervalMs, long count, long errors,
                           long latencyMsSum, long latencyMsMax, long inFlight, long busyMsSum, long queued)
        implements IngestEvent {

    /** A figure the server did not send. */
    public static final long UNREPORTED = -1;

    public SummaryEvent {
        Objects.requireNonNull(service, "service");
    }

    /** A summary without work figures (older emitters). */
    public SummaryEvent(String service, long ts, long intervalMs, long count, long errors, long latencyMsSum,
                        long latencyMsMax, long inFlight) {
        this(service, ts, intervalMs, count, errors, latencyMsSum, latencyMsMax, inFlight, UNREPORTED, UNREPORTED);
    }
}
