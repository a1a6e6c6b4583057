package io.microscaler.bus;

import io.microscaler.policy.Capacity;
import java.time.Instant;
import java.util.OptionalInt;

/**
 * A service's task counts as the actuator's target reported them, and when.
 *
 * @param healthy healthy tasks as the target's last read found them (the load balancer's healthy
 *                targets in ECS service mode); empty where the target cannot tell (dry-run, no
 *                load balancer, target health not read yet)
 * @param desiredCount whose count {@code capacity.desired} is
 */
public record CapacityObserved(String service, Capacity capacity, Instant at, OptionalInt healthy,
                               DesiredCount desiredCount) {

    /** Whose count the desired count read is. */
    public enum DesiredCount {
        /** The count the service's policy asked for, applied (or, before any, the one it starts from). */
        APPLIED,
        /** A count the cluster planner granted in place of the policy's wish ({@code cluster.enabled}). */
        GRANTED,
        /** The real count, which this instance never changes: shadow mode ({@code actuator.mode: shadow}). */
        UNCHANGED
    }

    public CapacityObserved {
        healthy = healthy == null ? OptionalInt.empty() : healthy;
    }

    /** Counts without a healthy figure, applied as the policy asked. */
    public CapacityObserved(String service, Capacity capacity, Instant at) {
        this(service, capacity, at, OptionalInt.empty(), DesiredCount.APPLIED);
    }

    /**
     * The capacity the service's policy goes on from, given the one it knew ({@code null} before
     * any: then the counts read, so a policy starts from the real desired and running counts).
     * Where the desired count read is not the policy's own, the policy keeps its own wish with the
     * observed running and pending tasks: a service the planner held back then keeps asking for what
     * it needs (and its rate limits count what it asked for) instead of taking the grant as a new
     * start; in shadow mode the policy goes on from the count it would have set, not from the real
     * one that nothing changes (else it would say "would set 2 → 5" again every reconcile).
     */
    public Capacity forPolicy(Capacity known) {
        if (desiredCount == DesiredCount.APPLIED || known == null) {
            return capacity;
        }
        return new Capacity(known.desired(), capacity.running(), capacity.pending());
    }
}
