package io.microscaler.actuate.aws;

import io.microscaler.policy.Capacity;
import java.util.OptionalInt;

/**
 * An ECS service's counts as read back: what ECS was asked for, what runs, what is starting, and
 * how many of its tasks its load balancer finds healthy.
 *
 * @param healthy healthy targets in the service's first load balancer target group; empty when the
 *                service has no load balancer or its target health could not be read
 */
public record ServiceCounts(int desired, int running, int pending, OptionalInt healthy) {

    public ServiceCounts {
        if (desired < 0 || running < 0 || pending < 0 || (healthy.isPresent() && healthy.getAsInt() < 0)) {
            throw new IllegalArgumentException("task counts must be >= 0, but were desired=" + desired + " running="
                    + running + " pending=" + pending + " healthy=" + healthy);
        }
    }

    /** The same counts with {@code healthy} set. */
    public ServiceCounts withHealthy(OptionalInt healthy) {
        return new ServiceCounts(desired, running, pending, healthy);
    }

    /** For the actuator's port, which has no place for health (yet). */
    public Capacity capacity() {
        return new Capacity(desired, running, pending);
    }
}
