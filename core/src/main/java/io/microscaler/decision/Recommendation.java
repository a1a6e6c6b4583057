package io.microscaler.decision;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * What one policy of a service recommended on one evaluation, kept in the decision so that it says
 * which policy won and what the others said.
 *
 * <p>A value, as a record would be (equality, hash and text over the four fields below), but its
 * message may be built lazily ({@link #explained}): most evaluations are never published nor shown.
 *
 * @param policy  e.g. {@code target-tracking}, {@code latency}, {@code step}, {@code demand}
 * @param count   the task count it recommended
 * @param reason  how it got there ({@link Reason#TARGET_TRACKING}, {@link Reason#PANIC}…)
 * @param message the figures behind it
 */
public final class Recommendation {

    private final String policy;
    private final int count;
    private final Reason reason;
    private final LazyText message;

    public Recommendation(String policy, int count, Reason reason, String message) {
        this(policy, count, reason, LazyText.of(message));
    }

    private Recommendation(String policy, int count, Reason reason, LazyText message) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.reason = Objects.requireNonNull(reason, "reason");
        this.message = message;
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, but was " + count);
        }
        this.count = count;
    }

    /** A recommendation whose message is built when first read, from values that must not change. */
    public static Recommendation explained(String policy, int count, Reason reason, Supplier<String> message) {
        return new Recommendation(policy, count, reason, new LazyText(message));
    }

    public String policy() {
        return policy;
    }

    public int count() {
        return count;
    }

    public Reason reason() {
        return reason;
    }

    public String message() {
        return message.get();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Recommendation r && count == r.count && policy.equals(r.policy) && reason == r.reason
                && message().equals(r.message());
    }

    @Override
    public int hashCode() {
        return Objects.hash(policy, count, reason, message());
    }

    /** As the record it was: {@code Recommendation[policy=…, count=…, reason=…, message=…]}. */
    @Override
    public String toString() {
        return "Recommendation[policy=" + policy + ", count=" + count + ", reason=" + reason + ", message=" + message()
                + "]";
    }
}
