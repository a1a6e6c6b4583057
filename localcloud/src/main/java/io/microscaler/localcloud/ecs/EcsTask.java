package io.microscaler.localcloud.ecs;

import io.microscaler.localcloud.TaskLaunch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One task: where it runs (a container instance, or Fargate), its states and times, its network
 * interface with awsvpc networking, and its port once running.
 */
public final class EcsTask {

    final String arn;
    final String id;
    final String clusterName;
    final TaskDefinition definition;
    /** The instance it is placed on; null on Fargate. */
    final ContainerInstance instance;
    final LaunchType launchType;
    /** With awsvpc networking, its network interface; else null. */
    final Awsvpc.Interface network;
    /** FARGATE or FARGATE_SPOT when a capacity provider strategy chose Fargate; else null. */
    final String capacityProviderName;
    final String group;
    final String startedBy;
    /** The service that owns it, or null for a task RunTask started. */
    final EcsService service;
    final Resources resources;
    final String containerArn;
    final Instant createdAt;
    TaskStatus lastStatus = TaskStatus.PROVISIONING;
    TaskStatus desiredStatus = TaskStatus.RUNNING;
    Instant pullStartedAt;
    Instant pullStoppedAt;
    Instant startedAt;
    Instant stoppingAt;
    Instant stoppedAt;
    String stoppedReason;
    String stopCode;
    Integer hostPort;
    /** Whether runtime.start was called (the container may exist and must be stopped). */
    boolean containerStarted;
    /** Target groups this task's host port is registered in. */
    final List<String> targetGroups = new ArrayList<>();
    long version = 1;

    EcsTask(String arn, String id, String clusterName, TaskDefinition definition, ContainerInstance instance,
            LaunchType launchType, Awsvpc.Interface network, String capacityProviderName, String group,
            String startedBy, EcsService service, String containerArn, Instant createdAt) {
        this.arn = arn;
        this.id = id;
        this.clusterName = clusterName;
        this.definition = definition;
        this.instance = instance;
        this.launchType = launchType;
        this.network = network;
        this.capacityProviderName = capacityProviderName;
        this.group = group;
        this.startedBy = startedBy;
        this.service = service;
        this.resources = definition.requirement();
        this.containerArn = containerArn;
        this.createdAt = createdAt;
    }

    /** Desired RUNNING: counts towards its service and keeps its resources reserved. */
    public boolean active() {
        return desiredStatus == TaskStatus.RUNNING;
    }

    public TaskLaunch launch() {
        TaskDefinition.Container main = definition.mainContainer();
        int containerPort = main.portMappings().isEmpty() ? 0 : main.portMappings().get(0).containerPort();
        return new TaskLaunch(arn, clusterName, definition.arn(), group, main.name(), containerPort,
                instance == null ? null : instance.ec2InstanceId, network == null ? null : network.privateIp());
    }

    /** Whether it holds capacity on a container instance (not on Fargate). */
    boolean onInstance() {
        return instance != null;
    }

    /** How a load balancer reaches it: its own address with awsvpc (an ip target), else its instance's id. */
    String targetId() {
        return network != null ? network.privateIp() : instance.ec2InstanceId;
    }

    String availabilityZone() {
        return instance != null ? instance.availabilityZone : network.availabilityZone();
    }

    public LaunchType launchType() {
        return launchType;
    }

    /** Its own address with awsvpc networking, else null. */
    public String privateIp() {
        return network == null ? null : network.privateIp();
    }

    public String arn() {
        return arn;
    }

    public TaskStatus lastStatus() {
        return lastStatus;
    }

    public TaskStatus desiredStatus() {
        return desiredStatus;
    }

    public Integer hostPort() {
        return hostPort;
    }

    /** The instance it is placed on; null on Fargate. */
    public ContainerInstance instance() {
        return instance;
    }

    public String stoppedReason() {
        return stoppedReason;
    }
}
