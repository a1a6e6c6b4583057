package io.microscaler.window;

import java.time.Instant;

/** The manual clock of the window tests: instants as seconds after a whole-second origin. */
final class WindowClock {

    /** 2025-01-01T12:00:00Z: a whole second, so second 0 of a test is bucket 0 of its own. */
    static final long T0_MILLIS = Instant.parse("2025-01-01T12:00:00Z").toEpochMilli();

    private WindowClock() {
    }

    /** The instant {@code seconds} after T0, e.g. 70.5. */
    static Instant at(double seconds) {
        return Instant.ofEpochMilli(millis(seconds));
    }

    static long millis(double seconds) {
        return T0_MILLIS + Math.round(seconds * 1000);
    }

    /**
     * Records {@code perSecond} requests in each whole second of [fromSecond, toSecond), spread
     * over the second, each with the given latency; the first {@code errorsPerSecond} of each second
     * fail with 503. The reader's clock is the event's own time, as in a live stream.
     */
    static void steady(ServiceWindow window, int fromSecond, int toSecond, int perSecond,
                       long latencyMs, int errorsPerSecond) {
        for (int s = fromSecond; s < toSecond; s++) {
            for (int i = 0; i < perSecond; i++) {
                long ts = millis(s) + (1000L * i) / perSecond;
                int status = i < errorsPerSecond ? 503 : 200;
                window.recordRequest(ts, latencyMs, status, 1000, Instant.ofEpochMilli(ts));
            }
        }
    }
}
