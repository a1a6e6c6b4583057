package io.microscaler.decision;

import java.util.Objects;

/**
 * What one policy of a service recommended on one evaluation, kept in the decision so that it says
 * which policy won and what the others said.
 *
 * @param policy  e.g. {@code target-tracking}, {@code latency}, {@code step}, {@code demand}
 * @param count   the task count it recommended
 * @param reason  how it got there ({@link Reason#TARGET_TRACKING}, {@link Reason#PANIC}…)
 * @param message the figures behind it
 */
public record Recommendation(String policy, int count, Reason reason, String message) {

    public Recommendation {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(message, "message");
        if (count < 0) {
            throw new IllegalArgumentException("count must be >= 0, but was " + count);
        }
    }
}
