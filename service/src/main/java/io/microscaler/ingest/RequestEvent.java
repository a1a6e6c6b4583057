package io.microscaler.ingest;

import java.util.Objects;

/**
 * One served request, as an image server reports it.
 *
 * @param latencyMs time to serve it, milliseconds (≥ 0), its wait in any queue included
 * @param status    HTTP status (100–599); 5xx counts as an error
 * @param bytes     response size (≥ 0; 0 when not reported)
 * @param task      the ECS task that served it, or null when not reported
 * @param serviceMs its time at work, without the wait (0 ≤ serviceMs ≤ latencyMs), or
 *                  {@link #UNREPORTED} from servers that do not tell
 */
public record RequestEvent(String service, long ts, long latencyMs, int status, long bytes, String task,
                           long serviceMs) implements IngestEvent {

    /** A figure the server did not send. */
    public static final long UNREPORTED = -1;

    public RequestEvent {
        Objects.requireNonNull(service, "service");
    }

    /** A request event without a time at work (older emitters). */
    public RequestEvent(String service, long ts, long latencyMs, int status, long bytes, String task) {
        this(service, ts, latencyMs, status, bytes, task, UNREPORTED);
    }
}
