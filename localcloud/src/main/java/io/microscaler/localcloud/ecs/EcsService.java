package io.microscaler.localcloud.ecs;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** A service: the desired count of tasks of one task definition the scheduler keeps running. */
public final class EcsService {

    /** Where a service's RUNNING tasks are registered (ECS's {@code loadBalancers} entry). */
    public record LoadBalancer(String targetGroupArn, String containerName, int containerPort) {
    }

    /** One line of the service's event log, newest first as ECS lists them. */
    public record Event(String id, Instant createdAt, String message) {
    }

    static final int MAX_EVENTS = 100;

    final String arn;
    final String name;
    final String clusterName;
    final List<LoadBalancer> loadBalancers;
    final List<Placement.Strategy> placementStrategy;
    final Instant createdAt;
    final Deque<Event> events = new ArrayDeque<>();
    TaskDefinition taskDefinition;
    int desiredCount;
    String deploymentId;
    Instant deploymentCreatedAt;
    Instant updatedAt;
    int failedTasks;
    /** Whether the last reconcile found it at its desired count with nothing pending (for the steady-state event). */
    boolean steady;
    /** Its awsvpc network configuration (an awsvpc task definition), else null. */
    Awsvpc.Configuration network;

    EcsService(String arn, String name, String clusterName, TaskDefinition taskDefinition, int desiredCount,
            List<LoadBalancer> loadBalancers, List<Placement.Strategy> placementStrategy, Instant createdAt, String deploymentId) {
        this.arn = arn;
        this.name = name;
        this.clusterName = clusterName;
        this.taskDefinition = taskDefinition;
        this.desiredCount = desiredCount;
        this.loadBalancers = List.copyOf(loadBalancers);
        this.placementStrategy = List.copyOf(placementStrategy);
        this.createdAt = createdAt;
        this.deploymentId = deploymentId;
        this.deploymentCreatedAt = createdAt;
        this.updatedAt = createdAt;
    }

    String group() {
        return "service:" + name;
    }

    /** Adds an event unless it repeats the newest one (ECS does not repeat "unable to place" every few seconds either). */
    void event(String id, Instant at, String message) {
        if (!events.isEmpty() && events.peekFirst().message().equals(message)) {
            return;
        }
        events.addFirst(new Event(id, at, message));
        while (events.size() > MAX_EVENTS) {
            events.removeLast();
        }
    }

    public String arn() {
        return arn;
    }

    public String name() {
        return name;
    }

    public int desiredCount() {
        return desiredCount;
    }

    public List<Event> events() {
        return List.copyOf(events);
    }
}
