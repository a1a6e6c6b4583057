package io.microscaler.ingest;

import java.util.Objects;

/**
 * One served request, as an image server reports it.
 *
 * @param latencyMs time to serve it, milliseconds (≥ 0)
 * @param status    HTTP status (100–599); 5xx counts as an error
 * @param bytes     response size (≥ 0; 0 when not reported)
 * @param task      the ECS task that served it, or null when not reported
 */
public record RequestEvent(String service, long ts, long latencyMs, int status, long bytes, String task)
        implements IngestEvent {

    public RequestEvent {
        Objects.requireNonNull(service, "service");
    }
}
