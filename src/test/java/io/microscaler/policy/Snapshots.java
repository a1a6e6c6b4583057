package io.microscaler.policy;

import io.microscaler.window.SpanStats;
import io.microscaler.window.WindowSnapshot;
import io.microscaler.window.WindowState;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/** Hand-made window snapshots for policy tests: the policy only reads them. */
final class Snapshots {

    static final Instant T0 = Instant.parse("2025-01-01T12:00:00Z");

    private Snapshots() {
    }

    /** A 60-s stable span with the given rate and concurrency, p95 120 ms and 1 % errors. */
    static SpanStats span(double rate, double concurrency) {
        long count = Math.round(rate * 60);
        return new SpanStats(Duration.ofSeconds(60), count, count / 100, rate, concurrency,
                80, 120, 200, count == 0 ? 0 : 0.01, 0, 0);
    }

    static WindowSnapshot window(WindowState state, double rate, double concurrency, Instant at) {
        SpanStats stable = span(rate, concurrency);
        return new WindowSnapshot("iiif", at, state, stable, stable, at.minusMillis(200), Map.of());
    }

    static WindowSnapshot ok(double rate, double concurrency, Instant at) {
        return window(WindowState.OK, rate, concurrency, at);
    }
}
