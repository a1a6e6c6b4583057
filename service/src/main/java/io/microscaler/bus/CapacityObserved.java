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
 * @param granted whether {@code capacity.desired} is a count the cluster planner granted
 *                ({@code cluster.enabled}) rather than the one the service's policy asked for
 */
public record CapacityObserved(String service, Capacity capacity, Instant at, OptionalInt healthy, boolean granted) {

    public CapacityObserved {
        healthy = healthy == null ? OptionalInt.empty() : healthy;
    }

    /** Counts without a healthy figure, applied as the policy asked. */
    public CapacityObserved(String service, Capacity capacity, Instant at) {
        this(service, capacity, at, OptionalInt.empty(), false);
    }

    /**
     * The capacity the service's policy goes on from, given the one it knew ({@code null} before
     * any). Where the planner granted the desired count, the policy keeps its own wish with the
     * observed running and pending tasks: a service held back then keeps asking for what it needs
     * (and its rate limits count what it asked for) instead of taking the grant as a new start.
     */
    public Capacity forPolicy(Capacity known) {
        if (!granted || known == null) {
            return capacity;
        }
        return new Capacity(known.desired(), capacity.running(), capacity.pending());
    }
}
