package io.microscaler.localcloud.elb;

import java.util.ArrayList;
import java.util.List;

/**
 * One {@code instance:port} in a target group and its health: consecutive passes and failures
 * move it between states the way ELB does. A new target is {@code initial}; it is {@code healthy}
 * after {@code healthyThreshold} consecutive passes and {@code unhealthy} after
 * {@code unhealthyThreshold} consecutive failures, from any state but draining. E.g. thresholds
 * 3 and 2: pass, pass, pass → healthy; fail → still healthy; fail → unhealthy; pass ×3 → healthy.
 * Mutable; lives on the local cloud's context.
 */
final class RegisteredTarget {

    final String instanceId;
    final int port;
    private HealthState state;
    private int passes;
    private int failures;
    boolean probeInFlight;
    long timerId = -1;
    final List<Runnable> onDrained = new ArrayList<>();

    RegisteredTarget(String instanceId, int port, boolean healthChecked) {
        this.instanceId = instanceId;
        this.port = port;
        this.state = healthChecked ? HealthState.INITIAL : HealthState.UNAVAILABLE;
    }

    HealthState state() {
        return state;
    }

    /**
     * Counts one health check.
     *
     * @return whether the state changed
     */
    boolean record(boolean passed, int healthyThreshold, int unhealthyThreshold) {
        if (state == HealthState.DRAINING || state == HealthState.UNAVAILABLE) {
            return false;
        }
        if (passed) {
            passes++;
            failures = 0;
        } else {
            failures++;
            passes = 0;
        }
        HealthState next = state;
        if (state != HealthState.HEALTHY && passes >= healthyThreshold) {
            next = HealthState.HEALTHY;
        } else if (state != HealthState.UNHEALTHY && failures >= unhealthyThreshold) {
            next = HealthState.UNHEALTHY;
        }
        boolean changed = next != state;
        state = next;
        return changed;
    }

    /** Stops health checks' effect: the target only waits out its deregistration delay now. */
    void drain() {
        state = HealthState.DRAINING;
        probeInFlight = false;
    }

    @Override
    public String toString() {
        return instanceId + ":" + port + " " + state.wire;
    }
}
