package io.microscaler.cluster;

import java.util.Objects;

/**
 * A task that holds capacity now: placed on an instance (provisioning, pending or running) or
 * running on Fargate.
 *
 * @param taskId  the ECS task id or ARN, so a planned stop names the task to stop
 * @param service the service it belongs to; tasks of services without a wish are left alone
 */
public record PlacedTask(String taskId, String service, TaskSize size) {

    public PlacedTask {
        Objects.requireNonNull(taskId, "taskId");
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(size, "size");
    }
}
