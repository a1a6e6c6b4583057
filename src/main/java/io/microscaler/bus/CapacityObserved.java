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
 */
public record CapacityObserved(String service, Capacity capacity, Instant at, OptionalInt healthy) {

    public CapacityObserved {
        healthy = healthy == null ? OptionalInt.empty() : healthy;
    }

    /** Counts without a healthy figure. */
    public CapacityObserved(String service, Capacity capacity, Instant at) {
        this(service, capacity, at, OptionalInt.empty());
    }
}
