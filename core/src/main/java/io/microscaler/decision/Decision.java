package io.microscaler.decision;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One scaling decision for one service, explaining itself: the counts, the policy that won, a
 * reason and a message with the figures behind it, the inputs as numbers, and what every policy of
 * the service recommended (the winner among them).
 *
 * <p>A value, as a record would be (equality, hash and text over the ten fields below), but its
 * message may be built lazily ({@link #explained}): a policy evaluates every service every tick, and
 * only the few decisions that are published, or statuses someone reads, need their text (issue 20).
 *
 * @param seq             per service, increasing; 0 until the owner that publishes it numbers it
 * @param recommendations each policy's recommendation on this evaluation, in configuration order;
 *                        empty for a hold made before any policy was asked
 */
public final class Decision {

    private final String service;
    private final Instant at;
    private final long seq;
    private final int from;
    private final int to;
    private final String policy;
    private final Reason reason;
    private final LazyText message;
    private final Map<String, Double> inputs;
    private final List<Recommendation> recommendations;

    public Decision(String service, Instant at, long seq, int from, int to, String policy, Reason reason,
                    String message, Map<String, Double> inputs, List<Recommendation> recommendations) {
        this(service, at, seq, from, to, policy, reason, LazyText.of(message), Map.copyOf(inputs),
                List.copyOf(recommendations));
    }

    /** A decision without recommendations (a single-policy decision, or a test's). */
    public Decision(String service, Instant at, long seq, int from, int to, String policy, Reason reason,
                    String message, Map<String, Double> inputs) {
        this(service, at, seq, from, to, policy, reason, message, inputs, List.of());
    }

    private Decision(String service, Instant at, long seq, int from, int to, String policy, Reason reason,
                     LazyText message, Map<String, Double> inputs, List<Recommendation> recommendations) {
        this.service = Objects.requireNonNull(service, "service");
        this.at = Objects.requireNonNull(at, "at");
        this.seq = seq;
        this.from = from;
        this.to = to;
        this.policy = Objects.requireNonNull(policy, "policy");
        this.reason = Objects.requireNonNull(reason, "reason");
        this.message = message;
        this.inputs = inputs;
        this.recommendations = recommendations;
    }

    /**
     * A policy's decision whose message is built when first read, from values that must not change.
     * The decision takes the inputs and recommendations as they are, without copying them: the caller
     * made them for it and must not change them afterwards.
     */
    public static Decision explained(String service, Instant at, int from, int to, String policy, Reason reason,
                                     Supplier<String> message, Inputs inputs,
                                     List<Recommendation> recommendations) {
        // inputs hold no null key or value (they refuse them, as Map.copyOf would)
        for (Recommendation r : recommendations) {
            Objects.requireNonNull(r, "recommendation");
        }
        return new Decision(service, at, 0, from, to, policy, reason, new LazyText(message),
                inputs.seal(), Collections.unmodifiableList(recommendations));
    }

    /** A decision that changes nothing, for a reason. */
    public static Decision hold(String service, Instant at, int current, String policy, Reason reason, String message) {
        return new Decision(service, at, 0, current, current, policy, reason, message, Map.of());
    }

    public String service() {
        return service;
    }

    public Instant at() {
        return at;
    }

    public long seq() {
        return seq;
    }

    public int from() {
        return from;
    }

    public int to() {
        return to;
    }

    public String policy() {
        return policy;
    }

    public Reason reason() {
        return reason;
    }

    public String message() {
        return message.get();
    }

    public Map<String, Double> inputs() {
        return inputs;
    }

    public List<Recommendation> recommendations() {
        return recommendations;
    }

    public boolean changesCount() {
        return from != to;
    }

    /** The same decision numbered: its message, built or not yet, is shared. */
    public Decision withSeq(long newSeq) {
        return new Decision(service, at, newSeq, from, to, policy, reason, message, inputs, recommendations);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Decision d && seq == d.seq && from == d.from && to == d.to && service.equals(d.service)
                && at.equals(d.at) && policy.equals(d.policy) && reason == d.reason && message().equals(d.message())
                && inputs.equals(d.inputs) && recommendations.equals(d.recommendations);
    }

    @Override
    public int hashCode() {
        return Objects.hash(service, at, seq, from, to, policy, reason, message(), inputs, recommendations);
    }

    /** As the record it was: {@code Decision[service=…, at=…, …, recommendations=[…]]}. */
    @Override
    public String toString() {
        return "Decision[service=" + service + ", at=" + at + ", seq=" + seq + ", from=" + from + ", to=" + to
                + ", policy=" + policy + ", reason=" + reason + ", message=" + message() + ", inputs=" + inputs
                + ", recommendations=" + recommendations + "]";
    }
}
