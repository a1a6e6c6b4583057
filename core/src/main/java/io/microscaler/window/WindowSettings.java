package io.microscaler.window;

import java.time.Duration;

/**
 * How a service's rolling window is read.
 *
 * @param stableSpan the long span decisions are normally made on (default 60 s); it also sets how
 *                   many 1-second buckets the ring keeps, so events older than it are late
 * @param panicSpan  the short span read from the same ring to react to bursts (default 6 s)
 * @param staleAfter a service with no event for this long is {@link WindowState#UNKNOWN}
 * @param maxFutureSkew how far ahead of the reader's clock an event may be; the ring keeps that many
 *                   seconds more, so an event from a fast clock never pushes real ones out, and one
 *                   further ahead is refused ({@link RecordOutcome#AHEAD}); less than the stable span
 */
public record WindowSettings(Duration stableSpan, Duration panicSpan, Duration staleAfter, Duration maxFutureSkew) {

    /** Clocks kept by NTP agree within milliseconds; 5 s is room for a bad one, not for a blinding one. */
    public static final Duration DEFAULT_MAX_FUTURE_SKEW = Duration.ofSeconds(5);

    public static final WindowSettings DEFAULTS =
            new WindowSettings(Duration.ofSeconds(60), Duration.ofSeconds(6), Duration.ofSeconds(15));

    /** Spans and staleness with the default future skew. */
    public WindowSettings(Duration stableSpan, Duration panicSpan, Duration staleAfter) {
        this(stableSpan, panicSpan, staleAfter, DEFAULT_MAX_FUTURE_SKEW);
    }

    public WindowSettings {
        requireWholeSeconds("stableSpan", stableSpan);
        requireWholeSeconds("panicSpan", panicSpan);
        requireWholeSeconds("staleAfter", staleAfter);
        if (panicSpan.compareTo(stableSpan) > 0) {
            throw new IllegalArgumentException(
                    "panicSpan must be at most stableSpan (" + stableSpan + "), but was " + panicSpan);
        }
        if (maxFutureSkew == null || maxFutureSkew.isNegative() || maxFutureSkew.compareTo(stableSpan) >= 0) {
            throw new IllegalArgumentException(
                    "maxFutureSkew must be at least 0 and less than stableSpan (" + stableSpan + "), but was " + maxFutureSkew);
        }
    }

    private static void requireWholeSeconds(String name, Duration d) {
        if (d == null || d.isNegative() || d.isZero() || d.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException(name + " must be a positive whole number of seconds, but was " + d);
        }
    }
}
