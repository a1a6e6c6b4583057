package io.microscaler.window;

import java.time.Instant;

/** The latest value of one kind of demand for a service, and when it was measured. */
public record DemandSignal(DemandKind kind, double value, Instant at) {
}
