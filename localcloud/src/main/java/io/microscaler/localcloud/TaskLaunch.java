package io.microscaler.localcloud;

/**
 * What a container runtime needs to start one task's (single) container.
 *
 * @param group          the task's group: {@code service:<name>} for a service's tasks, else
 *                       {@code family:<family>} (as ECS sets it)
 * @param containerPort  the container port: mapped to a dynamic host port with bridge networking,
 *                       the port on the task's own address with awsvpc
 * @param instanceId     the EC2 instance id of the container instance it was placed on; null on Fargate
 * @param privateIp      with awsvpc networking (every Fargate task), the task's own address, a
 *                       loopback address 127.0.0.x of its own; null with bridge networking
 */
public record TaskLaunch(
        String taskArn,
        String clusterName,
        String taskDefinitionArn,
        String group,
        String containerName,
        int containerPort,
        String instanceId,
        String privateIp) {

    /** The host of a bridge-networked task: every instance of the local cloud is this machine's loopback. */
    public static final String BRIDGE_HOST = "127.0.0.1";

    /** A bridge-networked task on an EC2 instance. */
    public TaskLaunch(String taskArn, String clusterName, String taskDefinitionArn, String group, String containerName,
            int containerPort, String instanceId) {
        this(taskArn, clusterName, taskDefinitionArn, group, containerName, containerPort, instanceId, null);
    }

    /** The service name for a service's task ({@code service:iiif} → {@code iiif}), else the group. */
    public String serviceName() {
        return group.startsWith("service:") ? group.substring("service:".length()) : group;
    }

    /** Whether the task has an address of its own (awsvpc): listen on {@link #host()}:{@link #containerPort()}. */
    public boolean awsvpc() {
        return privateIp != null;
    }

    /** Where the container listens: its own address with awsvpc, else {@link #BRIDGE_HOST}. */
    public String host() {
        return awsvpc() ? privateIp : BRIDGE_HOST;
    }
}
