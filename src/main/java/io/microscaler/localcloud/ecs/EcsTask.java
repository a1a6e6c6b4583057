package io.microscaler.localcloud.ecs;

import io.microscaler.localcloud.TaskLaunch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** One task: where it runs, its states and times, and its host port once running. */
public final class EcsTask {

    final String arn;
    final String id;
    final String clusterName;
    final TaskDefinition definition;
    final ContainerInstance instance;
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

    EcsTask(String arn, String id, String clusterName, TaskDefinition definition, ContainerInstance instance, String group,
            String startedBy, EcsService service, String containerArn, Instant createdAt) {
        this.arn = arn;
        this.id = id;
        this.clusterName = clusterName;
        this.definition = definition;
        this.instance = instance;
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
        return new TaskLaunch(arn, clusterName, definition.arn(), group, main.name(), containerPort, instance.ec2InstanceId);
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

    public ContainerInstance instance() {
        return instance;
    }

    public String stoppedReason() {
        return stoppedReason;
    }
}
