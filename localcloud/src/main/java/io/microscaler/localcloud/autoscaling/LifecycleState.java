package io.microscaler.localcloud.autoscaling;

/** The part of an Auto Scaling instance's lifecycle the emulation goes through. */
enum LifecycleState {
    /** Launched, booting: not in the cluster yet. */
    PENDING("Pending"),
    /** Booted and joined the cluster. */
    IN_SERVICE("InService"),
    /** Left the cluster, shutting down; no longer counts towards desired capacity. */
    TERMINATING("Terminating");

    final String wire;

    LifecycleState(String wire) {
        this.wire = wire;
    }
}
