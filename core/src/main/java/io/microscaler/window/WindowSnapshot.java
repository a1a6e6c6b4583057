package io.microscaler.window;

import java.time.Instant;
import java.util.Map;

/**
 * An immutable reading of one service's window at one instant; what the policy decides on.
 *
 * @param lastEventAt the newest event time seen, or {@code null} if none
 * @param demand      the latest demand signal per kind, only those not stale
 * @param pipeline    what the log shippers' heartbeats say ({@link Pipeline#NONE} without any)
 */
public record WindowSnapshot(
        String service,
        Instant at,
        WindowState state,
        SpanStats stable,
        SpanStats panic,
        Instant lastEventAt,
        Map<DemandKind, DemandSignal> demand,
        Pipeline pipeline) {

    public WindowSnapshot {
        demand = Map.copyOf(demand);
        pipeline = pipeline == null ? Pipeline.NONE : pipeline;
    }

    /** A snapshot of a service without shipper heartbeats. */
    public WindowSnapshot(String service, Instant at, WindowState state, SpanStats stable, SpanStats panic,
                          Instant lastEventAt, Map<DemandKind, DemandSignal> demand) {
        this(service, at, state, stable, panic, lastEventAt, demand, Pipeline.NONE);
    }
}
