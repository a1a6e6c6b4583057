package io.microscaler.localcloud.autoscaling;

import java.time.Instant;

/** One EC2 instance of an Auto Scaling group. Mutable; lives on the local cloud's context. */
final class GroupInstance {

    final String instanceId;
    final String availabilityZone;
    final String instanceType;
    final boolean spot;
    final Instant launchedAt;
    /** Launch order within the emulation: later launches have larger numbers. */
    final long launchSequence;
    LifecycleState state = LifecycleState.PENDING;
    /** The pending boot or termination timer, -1 when none. */
    long timerId = -1;
    /** A spot interruption warning has been sent. */
    boolean interrupted;

    GroupInstance(String instanceId, String availabilityZone, String instanceType, boolean spot,
                  Instant launchedAt, long launchSequence) {
        this.instanceId = instanceId;
        this.availabilityZone = availabilityZone;
        this.instanceType = instanceType;
        this.spot = spot;
        this.launchedAt = launchedAt;
        this.launchSequence = launchSequence;
    }

    /** Pending or in service: counts towards the group's desired capacity. */
    boolean live() {
        return state != LifecycleState.TERMINATING;
    }

    @Override
    public String toString() {
        return instanceId + " " + state.wire + " in " + availabilityZone;
    }
}
