package io.microscaler.ingest;

import io.microscaler.window.DemandKind;
import java.util.Objects;

/**
 * A demand signal for a service that is not driven by requests: a queue's depth, work in
 * progress, or the task count an outside system asks for.
 *
 * @param kind  what {@code value} measures
 * @param value the measurement (≥ 0, finite)
 */
public record DemandEvent(String service, long ts, DemandKind kind, double value) implements IngestEvent {

    public DemandEvent {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(kind, "kind");
    }
}
