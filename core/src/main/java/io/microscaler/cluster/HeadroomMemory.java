package io.microscaler.cluster;

import java.time.Instant;

/**
 * What the headroom rule remembers between evaluations: its last scaling and the desired capacity
 * it asked for then. Returned as the next memory instead of kept inside the rule.
 *
 * @param lastScaling  when it last asked for a change, or null
 * @param askedDesired the desired capacity it asked for then
 */
public record HeadroomMemory(Instant lastScaling, int askedDesired) {

    public static final HeadroomMemory EMPTY = new HeadroomMemory(null, 0);
}
