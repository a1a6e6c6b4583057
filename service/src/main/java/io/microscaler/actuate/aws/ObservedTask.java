package io.microscaler.actuate.aws;

import io.microscaler.tasks.LaunchType;
import io.microscaler.tasks.TaskTarget;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.NetworkBinding;
import software.amazon.awssdk.services.ecs.model.NetworkInterface;
import software.amazon.awssdk.services.ecs.model.Task;

/**
 * What DescribeTasks (or RunTask) says of one task, reduced to what task mode needs: its state,
 * where it runs, and how the load balancer reaches the configured container port.
 *
 * @param instanceArn  its container instance, null on Fargate or before placement
 * @param hostPort     bridge/host mode: the host port bound to the container port
 * @param privateIp    awsvpc mode: the task's own address (the container port is then the target port)
 */
record ObservedTask(String arn, String group, String lastStatus, String desiredStatus, String instanceArn,
                    LaunchType launchType, Instant createdAt, OptionalInt hostPort,
                    Optional<String> privateIp, int containerPort, String stoppedReason) {

    static ObservedTask of(Task t, String containerName, int containerPort) {
        Container container = t.hasContainers() ? t.containers().stream()
                .filter(c -> containerName.equals(c.name())).findFirst().orElse(null) : null;
        return new ObservedTask(t.taskArn(), t.group(), t.lastStatus(), t.desiredStatus(), t.containerInstanceArn(),
                "FARGATE".equals(t.launchTypeAsString()) ? LaunchType.FARGATE : LaunchType.EC2,
                t.createdAt() == null ? Instant.EPOCH : t.createdAt(),
                hostPort(container, containerPort), privateIp(t, container), containerPort,
                t.stoppedReason() == null ? "" : t.stoppedReason());
    }

    /** Desired RUNNING and not stopped: one of the service's tasks, whatever its progress. */
    boolean active() {
        return "RUNNING".equals(desiredStatus) && !"STOPPED".equals(lastStatus);
    }

    boolean running() {
        return "RUNNING".equals(lastStatus) && active();
    }

    /**
     * The load balancer target: {@code ec2InstanceId:hostPort} for a bridge-mode task on EC2,
     * {@code privateIp:containerPort} for an awsvpc task (Fargate). Empty when not known (not
     * running, no binding for the container port, or the instance's EC2 id not read yet).
     */
    Optional<TaskTarget> target(Map<String, String> ec2IdByInstanceArn) {
        if (hostPort.isPresent() && instanceArn != null) {
            String ec2 = ec2IdByInstanceArn.get(instanceArn);
            return ec2 == null ? Optional.empty() : Optional.of(new TaskTarget(ec2, hostPort.getAsInt()));
        }
        return privateIp.map(ip -> new TaskTarget(ip, containerPort));
    }

    private static OptionalInt hostPort(Container container, int containerPort) {
        if (container == null || !container.hasNetworkBindings()) {
            return OptionalInt.empty();
        }
        return container.networkBindings().stream()
                .filter(b -> b.containerPort() != null && b.containerPort() == containerPort && b.hostPort() != null
                        && b.hostPort() > 0)
                .mapToInt(NetworkBinding::hostPort).findFirst();
    }

    private static Optional<String> privateIp(Task t, Container container) {
        if (container != null && container.hasNetworkInterfaces()) {
            Optional<String> ip = container.networkInterfaces().stream().map(NetworkInterface::privateIpv4Address)
                    .filter(a -> a != null && !a.isEmpty()).findFirst();
            if (ip.isPresent()) {
                return ip;
            }
        }
        if (!t.hasAttachments()) {
            return Optional.empty();
        }
        return t.attachments().stream().filter(a -> "ElasticNetworkInterface".equals(a.type()) && a.hasDetails())
                .flatMap(a -> a.details().stream())
                .filter(d -> "privateIPv4Address".equals(d.name()) && d.value() != null && !d.value().isEmpty())
                .map(KeyValuePair::value).findFirst();
    }
}
