package io.microscaler.policy;

import java.time.Instant;
import java.util.List;

/**
 * SKELETON (may be extended): what a policy carries from one decision to the next. Immutable: a
 * decision returns the next memory instead of mutating this one.
 *
 * @param recommendations recent recommendations, oldest first, for stabilisation windows
 */
public record PolicyMemory(List<Recommendation> recommendations) {

    public static final PolicyMemory EMPTY = new PolicyMemory(List.of());

    public PolicyMemory {
        recommendations = List.copyOf(recommendations);
    }

    /** One recommended count at one instant. */
    public record Recommendation(Instant at, int count) {
    }
}
