package io.microscaler.config;

import java.time.Duration;

/**
 * The HTTP API (keys {@code http.*}).
 *
 * @param portOrigin where {@code port} came from ("default", "file …", "environment variable
 *                   MICROSCALER_HTTP_PORT", "command-line option --http-port"): a port found in use
 *                   at start is reported with it, so the operator knows which setting to change
 * @param stream     the bounds of the status page's live stream ({@code http.stream.*})
 * @param readiness  how {@code /health/ready} decides that the Kafka broker is reachable
 */
public record HttpConfig(String host, int port, String portOrigin, StreamLimits stream, Readiness readiness) {

    /** With the default readiness checks. */
    public HttpConfig(String host, int port, String portOrigin, StreamLimits stream) {
        this(host, port, portOrigin, stream, Readiness.DEFAULTS);
    }

    /**
     * The broker checks behind {@code /health/ready} (keys {@code http.readiness.*}): one Kafka
     * {@code DescribeCluster} at a time, {@code brokerCheckInterval} after the previous one ended,
     * each failing after {@code brokerCheckTimeout}; {@code brokerFailures} failures in a row make
     * the broker unreachable, one success reachable again. So a broker that dies is reported within
     * brokerFailures × (interval + timeout): 2 × (2 s + 2 s) = 8 s by default.
     */
    public record Readiness(Duration brokerCheckInterval, Duration brokerCheckTimeout, int brokerFailures) {

        public static final Readiness DEFAULTS = new Readiness(Duration.ofSeconds(2), Duration.ofSeconds(2), 2);

        public Readiness {
            if (brokerCheckInterval.toMillis() < 1 || brokerCheckTimeout.toMillis() < 1) {
                throw new IllegalArgumentException("broker check interval and timeout must be at least 1 ms, but were "
                        + brokerCheckInterval + " and " + brokerCheckTimeout);
            }
            if (brokerFailures < 1) {
                throw new IllegalArgumentException("brokerFailures must be >= 1, but was " + brokerFailures);
            }
        }

        /** How long after its death a broker is reported unreachable, at most (checks answering in time). */
        public Duration worstTimeToUnready() {
            return brokerCheckInterval.plus(brokerCheckTimeout).multipliedBy(brokerFailures);
        }
    }
}
