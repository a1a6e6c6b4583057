package io.microscaler.config;

import io.microscaler.cluster.Priorities;
import io.microscaler.cluster.TaskSize;

/**
 * Where and how a service's tasks run on the cluster (keys {@code services.<id>.mode}, {@code priority},
 * {@code cpu}, {@code memory}, {@code taskDefinition}, {@code targetGroup}, {@code containerName},
 * {@code containerPort}, {@code fargate}; defaults from {@code serviceDefaults.*}).
 *
 * @param mode           {@code service}: ECS's UpdateService sets the desired count; {@code tasks}:
 *                       microscaler runs and stops single tasks and registers their targets itself
 * @param priority       higher wins a full cluster ({@link io.microscaler.cluster.Priorities})
 * @param cpu            CPU units each task reserves (1024 = 1 vCPU), as in its task definition
 * @param memoryMiB      MiB each task reserves, as in its task definition
 * @param taskDefinition family, family:revision or ARN (default: the service id)
 * @param targetGroup    target group name or ARN its tasks are registered in (default: the service id)
 * @param containerName  the container the target group sends traffic to (default: the service id)
 * @param containerPort  that container's port
 * @param fargate        whether tasks that find no EC2 room may run on Fargate (the task definition
 *                       must then be Fargate-compatible: awsvpc, task-level CPU and memory)
 */
public record ServicePlacement(Mode mode, int priority, int cpu, int memoryMiB, String taskDefinition, String targetGroup,
                               String containerName, int containerPort, boolean fargate) {

    public enum Mode { SERVICE, TASKS }

    /** The defaults of {@link Defaults} for a service with this id (a test keeps them equal). */
    public static ServicePlacement defaults(String serviceId) {
        return new ServicePlacement(Mode.SERVICE, Priorities.NORMAL, 256, 512, serviceId, serviceId,
                serviceId, 8080, false);
    }

    public TaskSize taskSize() {
        return new TaskSize(cpu, memoryMiB);
    }

    public boolean taskMode() {
        return mode == Mode.TASKS;
    }
}
