package io.microscaler.policy;

import io.microscaler.window.DemandKind;
import io.microscaler.window.DemandSignal;
import io.microscaler.window.SpanStats;
import io.microscaler.window.WindowSnapshot;
import io.microscaler.window.WindowState;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/** Hand-made window snapshots for policy tests: the policy only reads them. */
final class Snapshots {

    static final Instant T0 = Instant.parse("2025-01-01T12:00:00Z");

    private Snapshots() {
    }

    /** A 60-s stable span with the given rate and concurrency, p95 120 ms and 1 % errors. */
    static SpanStats span(double rate, double concurrency) {
        return span(60, rate, concurrency, 120, rate == 0 ? 0 : 0.01);
    }

    static SpanStats span(long seconds, double rate, double concurrency, double p95Ms, double errorRatio) {
        long count = Math.round(rate * seconds);
        return new SpanStats(Duration.ofSeconds(seconds), count, Math.round(count * errorRatio), rate, concurrency,
                p95Ms * 0.66, p95Ms, p95Ms * 1.6, errorRatio, 0, 0);
    }

    static WindowSnapshot window(WindowState state, double rate, double concurrency, Instant at) {
        SpanStats stable = span(rate, concurrency);
        return new WindowSnapshot("iiif", at, state, stable, stable, at.minusMillis(200), Map.of());
    }

    static WindowSnapshot ok(double rate, double concurrency, Instant at) {
        return window(WindowState.OK, rate, concurrency, at);
    }

    /** Stable and panic spans that differ: a burst shows in the 6 s span first. */
    static WindowSnapshot burst(SpanStats stable, SpanStats panic, Instant at) {
        return new WindowSnapshot("iiif", at, WindowState.OK, stable, panic, at.minusMillis(200), Map.of());
    }

    static WindowSnapshot withDemand(WindowSnapshot w, DemandKind kind, double value) {
        Map<DemandKind, DemandSignal> demand = new EnumMap<>(DemandKind.class);
        demand.putAll(w.demand());
        demand.put(kind, new DemandSignal(kind, value, w.at().minusSeconds(1)));
        return new WindowSnapshot(w.service(), w.at(), w.state(), w.stable(), w.panic(), w.lastEventAt(), demand);
    }

    static ServiceState tasks(int n) {
        return ServiceState.initial("iiif").withCapacity(new Capacity(n, n, 0));
    }

    static ServiceState tasks(int running, int pending) {
        return ServiceState.initial("iiif").withCapacity(new Capacity(running + pending, running, pending));
    }
}
