package io.microscaler.window;

import java.time.Instant;
import java.util.Map;

/**
 * An immutable reading of one service's window at one instant; what the policy decides on.
 *
 * @param lastEventAt the newest event time seen, or {@code null} if none
 * @param demand      the latest demand signal per kind, only those not stale
 */
public record WindowSnapshot(
        String service,
        Instant at,
        WindowState state,
        SpanStats stable,
        SpanStats panic,
        Instant lastEventAt,
        Map<DemandKind, DemandSignal> demand) {

    public WindowSnapshot {
        demand = Map.copyOf(demand);
    }
}
