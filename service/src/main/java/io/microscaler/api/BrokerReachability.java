package io.microscaler.api;

import java.util.Optional;

/**
 * Whether the Kafka broker counts as reachable, from the outcomes of the readiness checks, one
 * after another: {@code failuresToUnreachable} failures in a row make it unreachable, one success
 * reachable again. Before the first answer it is unreachable ("no check has answered yet"), so an
 * app whose broker never answered is never ready. A value: each outcome returns the next state.
 *
 * <p>With the defaults (2 failures, checks 2 s apart that fail after 2 s) a broker that dies just
 * after a successful check is unreachable 2 × (2 s + 2 s) = 8 s later at most; a single slow answer
 * does not flap readiness.
 *
 * @param reachable           what {@code /health/ready} reports
 * @param failuresInARow      failed checks since the last success
 * @param lastFailure         the newest failure's cause, while failures run
 */
public record BrokerReachability(boolean reachable, int failuresInARow, Optional<String> lastFailure) {

    /** Nothing heard yet. */
    public static final BrokerReachability UNKNOWN = new BrokerReachability(false, 0, Optional.empty());

    public BrokerReachability {
        if (failuresInARow < 0) {
            throw new IllegalArgumentException("failuresInARow must be >= 0, but was " + failuresInARow);
        }
    }

    /** A check answered. */
    public BrokerReachability succeeded() {
        return new BrokerReachability(true, 0, Optional.empty());
    }

    /** A check failed (timed out, refused): unreachable once {@code failuresToUnreachable} have failed in a row. */
    public BrokerReachability failed(String cause, int failuresToUnreachable) {
        if (failuresToUnreachable < 1) {
            throw new IllegalArgumentException("failuresToUnreachable must be >= 1, but was " + failuresToUnreachable);
        }
        int failures = failuresInARow + 1;
        return new BrokerReachability(reachable && failures < failuresToUnreachable, failures, Optional.of(cause));
    }

    /** Why the broker is unreachable, for the health JSON and the log; empty while reachable. */
    public Optional<String> reason() {
        if (reachable) {
            return Optional.empty();
        }
        return Optional.of(lastFailure
                .map(cause -> "Kafka broker unreachable: " + failuresInARow + " check(s) in a row failed, last: " + cause)
                .orElse("Kafka broker: no check has answered yet"));
    }
}
