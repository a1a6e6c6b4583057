package io.microscaler.localcloud;

import java.util.List;

/**
 * The load balancer's read side: the targets of a target group that are healthy now. Safe to call
 * from any thread (it reads an immutable snapshot the ELBv2 emulation publishes on every change).
 */
@FunctionalInterface
public interface HealthyTargets {

    /** Healthy targets of the target group with this name (not ARN), in no particular order; empty if none or unknown. */
    List<Target> of(String targetGroupName);

    /**
     * One target: where to send requests. In the local cloud every instance is on loopback
     * ({@code 127.0.0.1}); an ip target (an awsvpc task) is its own loopback address, which is
     * then both its id and its host.
     *
     * @param instanceId the target's id: an instance id, or the IP of an ip target
     */
    record Target(String instanceId, String host, int port) {
    }
}
