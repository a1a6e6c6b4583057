package io.microscaler.decision;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One scaling decision for one service, explaining itself: the counts, the policy that made it, a
 * reason and a message with the figures behind it, and the inputs as numbers.
 *
 * @param seq per service, increasing; 0 until the owner that publishes it numbers it
 */
public record Decision(
        String service,
        Instant at,
        long seq,
        int from,
        int to,
        String policy,
        Reason reason,
        String message,
        Map<String, Double> inputs) {

    public Decision {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
        inputs = Map.copyOf(inputs);
    }

    /** A decision that changes nothing, for a reason. */
    public static Decision hold(String service, Instant at, int current, String policy, Reason reason, String message) {
        return new Decision(service, at, 0, current, current, policy, reason, message, Map.of());
    }

    public boolean changesCount() {
        return from != to;
    }

    public Decision withSeq(long newSeq) {
        return new Decision(service, at, newSeq, from, to, policy, reason, message, inputs);
    }
}
