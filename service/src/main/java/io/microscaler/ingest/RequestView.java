package io.microscaler.ingest;

/**
 * A request event's figures, written by {@link EventDecoder#decodeInto} in place of a new
 * {@link RequestEvent} and its {@link DecodeResult.Accepted}: one per ingest verticle, reused for
 * every record on its event loop. Those two objects were three quarters of the bytes the ingest
 * event loop allocated per record (issue 20). Valid until the next record is decoded on the same
 * thread: its task is read from the decoder's scratch only when asked for.
 */
final class RequestView {

    String service;
    long ts;
    long latencyMs;
    int status;
    long bytes;
    private EventFields taskFrom;
    long serviceMs;

    void set(String service, long ts, long latencyMs, int status, long bytes, EventFields taskFrom, long serviceMs) {
        this.service = service;
        this.ts = ts;
        this.latencyMs = latencyMs;
        this.status = status;
        this.bytes = bytes;
        this.taskFrom = taskFrom;
        this.serviceMs = serviceMs;
    }

    /** The task's text (null if the record has none): made only now, as no window reads it. */
    String task() {
        return taskFrom.task();
    }

    /** The event {@link EventDecoder#decode} would have made of the same record. */
    RequestEvent toEvent() {
        return new RequestEvent(service, ts, latencyMs, status, bytes, task(), serviceMs);
    }
}
