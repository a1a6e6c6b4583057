package io.microscaler.cluster;

import java.util.List;
import java.util.Objects;

/**
 * One container instance as ECS reports it.
 *
 * @param id       the EC2 instance id (what the Auto Scaling group terminates)
 * @param freeCpu  ECS's remaining CPU: registered minus what its tasks reserve, any task included
 * @param tasks    the tasks placed on it that the planner may move or stop (tasks of other
 *                 services may hold capacity too: they are in the free figures, not here)
 * @param draining DRAINING: it takes no new task and its tasks are being replaced elsewhere
 */
public record InstanceState(String id, int registeredCpu, int registeredMemoryMiB, int freeCpu, int freeMemoryMiB,
                            List<PlacedTask> tasks, boolean draining) {

    public InstanceState {
        Objects.requireNonNull(id, "id");
        tasks = List.copyOf(tasks);
        if (freeCpu < 0 || freeMemoryMiB < 0 || freeCpu > registeredCpu || freeMemoryMiB > registeredMemoryMiB) {
            throw new IllegalArgumentException("free capacity of " + id + " must be within 0 and registered ("
                    + registeredCpu + " CPU / " + registeredMemoryMiB + " MiB), but was " + freeCpu + " CPU / "
                    + freeMemoryMiB + " MiB");
        }
    }

    /** An ACTIVE instance with nothing on it. */
    public static InstanceState empty(String id, InstanceSize size) {
        return new InstanceState(id, size.cpu(), size.memoryMiB(), size.cpu(), size.memoryMiB(), List.of(), false);
    }

    /** The same instance, DRAINING. */
    public InstanceState withDraining() {
        return new InstanceState(id, registeredCpu, registeredMemoryMiB, freeCpu, freeMemoryMiB, tasks, true);
    }

    public int runningTasks() {
        return tasks.size();
    }
}
