package io.microscaler.cluster;

import java.util.Objects;

/** What the headroom rule asks of the Auto Scaling group, with the figures behind it. */
public sealed interface CapacityAction permits CapacityAction.ScaleOut, CapacityAction.ScaleIn, CapacityAction.Hold {

    String message();

    /**
     * Add instances: set the group's desired capacity to {@code desiredCapacity}.
     *
     * @param instances how many more: enough to bring the headroom back to the low threshold, at least 1
     */
    record ScaleOut(int instances, int desiredCapacity, String message) implements CapacityAction {
    }

    /**
     * Remove this instance: drain it (its tasks are replaced elsewhere first), then terminate it
     * with a decrement of the desired capacity to {@code desiredCapacity}, never by letting the
     * group pick (it would pick the oldest, not the emptiest).
     */
    record ScaleIn(String instanceId, int desiredCapacity, String message) implements CapacityAction {

        public ScaleIn {
            Objects.requireNonNull(instanceId, "instanceId");
        }
    }

    /** No change, and why. */
    record Hold(Why why, String message) implements CapacityAction {
    }

    /** Why the rule holds. */
    enum Why {
        /** The headroom is within [low, high]. */
        IN_BAND,
        /** Below low, but instances already launching will bring enough; or above high while some launch. */
        LAUNCHING,
        /** Above high, but an instance is still draining: one scale-in at a time. */
        DRAINING,
        /** Above high, but within the cooldown of the last scaling. */
        COOLDOWN,
        /** Below low, but the group is at its maximum size. */
        AT_MAX,
        /** Above high, but the group is at its minimum size. */
        AT_MIN,
        /** Above high, but removing the emptiest instance would leave its tasks nowhere, or the headroom below low. */
        UNSAFE_SCALE_IN
    }
}
