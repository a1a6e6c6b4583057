package io.microscaler.localcloud.ecs;

/** The task states the emulation uses, in the order a task passes them (ECS's names). */
public enum TaskStatus {
    PROVISIONING, PENDING, RUNNING, STOPPING, STOPPED;

    /** Placed but not yet running: counts as pending in services and container instances. */
    public boolean pending() {
        return this == PROVISIONING || this == PENDING;
    }
}
