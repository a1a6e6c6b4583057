package io.microscaler.bus;

import io.microscaler.policy.Capacity;
import java.time.Instant;

/** A service's task counts as the actuator's target reported them, and when. */
public record CapacityObserved(String service, Capacity capacity, Instant at) {
}
