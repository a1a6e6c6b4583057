package io.microscaler.window;

import java.time.Instant;

/**
 * SKELETON: public API fixed, body to be written. One service's rolling window: a ring of
 * 1-second buckets on event time. Owned by one thread (its ingest verticle): not thread-safe.
 */
public final class ServiceWindow {

    public ServiceWindow(String service, WindowSettings settings) {
        throw new UnsupportedOperationException("skeleton");
    }

    public String service() {
        throw new UnsupportedOperationException("skeleton");
    }

    /** One served request. {@code now} is the reader's clock: it bounds how old an event may be. */
    public RecordOutcome recordRequest(long tsMillis, long latencyMs, int status, long bytes, Instant now) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** A server's own roll-up of {@code intervalMs} ending at {@code tsMillis}. */
    public RecordOutcome recordSummary(long tsMillis, long intervalMs, long count, long errors,
                                       long latencyMsSum, long latencyMsMax, long inFlight, Instant now) {
        throw new UnsupportedOperationException("skeleton");
    }

    public RecordOutcome recordDemand(long tsMillis, DemandKind kind, double value, Instant now) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** While warming the snapshot's state is WARMING whatever the events say. */
    public void setWarming(boolean warming) {
        throw new UnsupportedOperationException("skeleton");
    }

    public WindowSnapshot snapshot(Instant now) {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Events recorded into the ring since this window was created (requests, summaries, demand). */
    public long recordedEvents() {
        throw new UnsupportedOperationException("skeleton");
    }

    /** Requests the recorded events stood for: 1 per request event, {@code count} per summary. */
    public long recordedRequests() {
        throw new UnsupportedOperationException("skeleton");
    }

    public long lateEvents() {
        throw new UnsupportedOperationException("skeleton");
    }
}
