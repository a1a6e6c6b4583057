package io.microscaler.demo;

import java.time.Duration;
import java.util.Objects;

/**
 * How the traffic generator offers its load.
 *
 * @param host           where the load balancer listens
 * @param port           its port
 * @param tick           how often arrivals are generated (10 ms: finer than any window that looks at them)
 * @param arrivals       Poisson (bursty, as real users) or even
 * @param maxOutstanding requests in flight at most; arrivals beyond are dropped and count as failed,
 *                       so a dead system cannot make the generator hold unbounded memory
 * @param requestTimeout a request not answered by then has failed
 * @param windowSeconds  the seconds the per-second figures and p95 cover
 * @param seed           of the arrivals and the paths; the same seed replays the same requests
 */
public record TrafficSettings(String host, int port, Duration tick, Arrivals.Mode arrivals, int maxOutstanding,
                              Duration requestTimeout, int windowSeconds, long seed) {

    public TrafficSettings {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(tick, "tick");
        Objects.requireNonNull(arrivals, "arrivals");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1 to 65535, but was " + port);
        }
        if (tick.toMillis() < 1) {
            throw new IllegalArgumentException("tick must be ≥ 1 ms, but was " + tick);
        }
        if (maxOutstanding < 1) {
            throw new IllegalArgumentException("maxOutstanding must be ≥ 1, but was " + maxOutstanding);
        }
        if (requestTimeout.toMillis() < 1) {
            throw new IllegalArgumentException("requestTimeout must be ≥ 1 ms, but was " + requestTimeout);
        }
        if (windowSeconds < 1) {
            throw new IllegalArgumentException("windowSeconds must be ≥ 1, but was " + windowSeconds);
        }
    }

    /** The demo's: 10 ms ticks, Poisson arrivals, 5,000 outstanding at most, 30 s timeout, 5 s figures. */
    public static TrafficSettings defaults(String host, int port) {
        return new TrafficSettings(host, port, Duration.ofMillis(10), Arrivals.Mode.POISSON, 5_000,
                Duration.ofSeconds(30), 5, System.nanoTime());
    }
}
