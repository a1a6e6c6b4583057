package io.microscaler.api;

import io.microscaler.bus.ServiceStatus;
import io.microscaler.decision.Decision;
import io.microscaler.decision.Reason;
import io.microscaler.policy.Capacity;
import io.microscaler.window.SpanStats;
import io.microscaler.window.WindowSnapshot;
import io.microscaler.window.WindowState;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Owner statuses and decisions for the API's tests, with the figures a test cares about and plain values for the rest. */
final class Statuses {

    /** A status whose panic span (6 s) has {@code rps} and {@code p95Ms}; the stable span (60 s) has other figures. */
    static ServiceStatus status(String service, Instant at, WindowState state, double rps, double p95Ms, Capacity capacity) {
        SpanStats stable = new SpanStats(Duration.ofSeconds(60), 600, 0, 10, 1, 20, 30, 40, 0, 0, 0);
        SpanStats panic = new SpanStats(Duration.ofSeconds(6), (long) (rps * 6), 0, rps, 2, p95Ms / 2, p95Ms, p95Ms, 0, 0, 0);
        WindowSnapshot w = new WindowSnapshot(service, at, state, stable, panic, at, Map.of());
        return new ServiceStatus("owner-1", w, capacity, null, null, 10, 600);
    }

    static Decision decision(String service, Instant at, long seq, int from, int to, Reason reason, String message) {
        return new Decision(service, at, seq, from, to, "target-tracking", reason, message, Map.of());
    }

    private Statuses() {
    }
}
