package io.microscaler.decision;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One scaling decision for one service, explaining itself: the counts, the policy that won, a
 * reason and a message with the figures behind it, the inputs as numbers, and what every policy of
 * the service recommended (the winner among them).
 *
 * @param seq             per service, increasing; 0 until the owner that publishes it numbers it
 * @param recommendations each policy's recommendation on this evaluation, in configuration order;
 *                        empty for a hold made before any policy was asked
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
        Map<String, Double> inputs,
        List<Recommendation> recommendations) {

    public Decision {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
        inputs = Map.copyOf(inputs);
        recommendations = List.copyOf(recommendations);
    }

    /** A decision without recommendations (a single-policy decision, or a test's). */
    public Decision(String service, Instant at, long seq, int from, int to, String policy, Reason reason,
                    String message, Map<String, Double> inputs) {
        this(service, at, seq, from, to, policy, reason, message, inputs, List.of());
    }

    /** A decision that changes nothing, for a reason. */
    public static Decision hold(String service, Instant at, int current, String policy, Reason reason, String message) {
        return new Decision(service, at, 0, current, current, policy, reason, message, Map.of());
    }

    public boolean changesCount() {
        return from != to;
    }

    public Decision withSeq(long newSeq) {
        return new Decision(service, at, newSeq, from, to, policy, reason, message, inputs, recommendations);
    }
}
