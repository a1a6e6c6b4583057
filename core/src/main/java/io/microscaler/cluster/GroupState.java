package io.microscaler.cluster;

/**
 * The Auto Scaling group as last read: its desired capacity and bounds. Instances the group has
 * been asked for but that have not joined the cluster yet are {@code desired − instances joined}.
 */
public record GroupState(int desired, int min, int max) {

    public GroupState {
        if (desired < 0 || min < 0 || min > max) {
            throw new IllegalArgumentException("need 0 <= min <= max and desired >= 0, but were desired " + desired
                    + ", min " + min + ", max " + max);
        }
    }
}
