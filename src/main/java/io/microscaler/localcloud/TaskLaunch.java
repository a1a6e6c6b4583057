package io.microscaler.localcloud;

/**
 * What a container runtime needs to start one task's (single) container.
 *
 * @param group          the task's group: {@code service:<name>} for a service's tasks, else
 *                       {@code family:<family>} (as ECS sets it)
 * @param containerPort  the container port the host port maps to (bridge networking)
 * @param instanceId     the EC2 instance id of the container instance it was placed on
 */
public record TaskLaunch(
        String taskArn,
        String clusterName,
        String taskDefinitionArn,
        String group,
        String containerName,
        int containerPort,
        String instanceId) {

    /** The service name for a service's task ({@code service:iiif} → {@code iiif}), else the group. */
    public String serviceName() {
        return group.startsWith("service:") ? group.substring("service:".length()) : group;
    }
}
