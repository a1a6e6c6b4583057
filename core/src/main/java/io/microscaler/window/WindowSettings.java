package io.microscaler.window;

import java.time.Duration;

/**
 * How a service's rolling window is read.
 *
 * @param stableSpan the long span decisions are normally made on (default 60 s); it also sets how
 *                   many 1-second buckets the ring keeps, so events older than it are late
 * @param panicSpan  the short span read from the same ring to react to bursts (default 6 s)
 * @param staleAfter a service with no event for this long is {@link WindowState#UNKNOWN}
 */
public record WindowSettings(Duration stableSpan, Duration panicSpan, Duration staleAfter) {

    public static final WindowSettings DEFAULTS =
            new WindowSettings(Duration.ofSeconds(60), Duration.ofSeconds(6), Duration.ofSeconds(15));

    public WindowSettings {
        requireWholeSeconds("stableSpan", stableSpan);
        requireWholeSeconds("panicSpan", panicSpan);
        requireWholeSeconds("staleAfter", staleAfter);
        if (panicSpan.compareTo(stableSpan) > 0) {
            throw new IllegalArgumentException(
                    "panicSpan must be at most stableSpan (" + stableSpan + "), but was " + panicSpan);
        }
    }

    private static void requireWholeSeconds(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero() || d.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException(name + " must be a positive whole number of seconds, but was " + d);
        }
    }
}
