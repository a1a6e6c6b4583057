package io.microscaler.tasks;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where and how one task-mode service runs its tasks.
 *
 * @param cluster        the ECS cluster's name or ARN
 * @param taskDefinition {@code family}, {@code family:revision} or ARN; its container
 *                       {@code containerName} maps {@code containerPort} to host port 0 (dynamic) in
 *                       bridge mode
 * @param targetGroup    the service's own target group, by ARN or name (a name is looked up once);
 *                       no other service may register targets in it: the reconciler deregisters
 *                       every target that is not one of this service's tasks
 * @param containerName  the container whose port the load balancer reaches
 * @param containerPort  that container's port; the task's host port for it is read from its
 *                       network bindings
 * @param launchType     where new tasks run unless a launch asks otherwise
 * @param startedBy      RunTask's {@code startedBy}: how microscaler finds its tasks again
 *                       (ListTasks); tasks of different services are told apart by their group
 *                       {@code service:<id>}
 * @param network        the awsvpc network of its tasks; null for bridge (dynamic host ports)
 * @param fargateOverflow whether a task that finds no room on EC2 ({@code RESOURCE:CPU/MEMORY}) runs
 *                       on Fargate instead, to be replaced on EC2 once room returns; needs
 *                       {@code network} (the task definition is then awsvpc and Fargate-compatible,
 *                       and the target group of type {@code ip})
 * @param initialCount   how many tasks to start when the service has none and no count was asked
 *                       for yet (task mode's "desired count at creation"; a restart that finds
 *                       tasks keeps what runs)
 */
public record TaskModeSettings(String cluster, String taskDefinition, String targetGroup, String containerName,
                               int containerPort, LaunchType launchType, String startedBy, AwsvpcNetwork network,
                               boolean fargateOverflow, int initialCount) {

    /** Tag of the tasks microscaler starts. */
    public static final String STARTED_BY = "microscaler";

    // ECS: up to 128 letters, numbers, hyphens, forward slashes and underscores.
    private static final Pattern STARTED_BY_FORM = Pattern.compile("[A-Za-z0-9_/-]{1,128}");

    public TaskModeSettings {
        requireText("cluster", cluster);
        requireText("taskDefinition", taskDefinition);
        requireText("targetGroup", targetGroup);
        requireText("containerName", containerName);
        Objects.requireNonNull(launchType, "launchType");
        if (containerPort < 1 || containerPort > 65535) {
            throw new IllegalArgumentException("containerPort must be 1–65535, but was " + containerPort);
        }
        if (startedBy == null || !STARTED_BY_FORM.matcher(startedBy).matches()) {
            throw new IllegalArgumentException("startedBy must be 1–128 letters, digits, '-', '_' or '/', but was '"
                    + startedBy + "'");
        }
        if (initialCount < 0) {
            throw new IllegalArgumentException("initialCount must be >= 0, but was " + initialCount);
        }
        if (network == null && (fargateOverflow || launchType == LaunchType.FARGATE)) {
            throw new IllegalArgumentException("Fargate tasks run in awsvpc mode: a network (subnets) is needed");
        }
    }

    /** Bridge-mode tasks (no awsvpc network), never on Fargate. */
    public TaskModeSettings(String cluster, String taskDefinition, String targetGroup, String containerName,
                            int containerPort, LaunchType launchType, String startedBy) {
        this(cluster, taskDefinition, targetGroup, containerName, containerPort, launchType, startedBy, null, false, 0);
    }

    /** EC2 launches, tagged {@value #STARTED_BY}. */
    public static TaskModeSettings ec2(String cluster, String taskDefinition, String targetGroup, String containerName,
                                       int containerPort) {
        return new TaskModeSettings(cluster, taskDefinition, targetGroup, containerName, containerPort, LaunchType.EC2,
                STARTED_BY);
    }

    /** These settings with awsvpc tasks that run on EC2 while it has room, and on Fargate when it has none. */
    public TaskModeSettings withFargateOverflow(AwsvpcNetwork awsvpc) {
        return new TaskModeSettings(cluster, taskDefinition, targetGroup, containerName, containerPort, LaunchType.EC2,
                startedBy, Objects.requireNonNull(awsvpc, "awsvpc"), true, initialCount);
    }

    /** These settings with {@code count} tasks started when the service has none and no wish yet. */
    public TaskModeSettings withInitialCount(int count) {
        return new TaskModeSettings(cluster, taskDefinition, targetGroup, containerName, containerPort, launchType,
                startedBy, network, fargateOverflow, count);
    }

    /** The RunTask group of the service's tasks, {@code service:<id>}, as ECS names a service's own tasks. */
    public static String group(String service) {
        return "service:" + service;
    }

    private static void requireText(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be empty, but was '" + value + "'");
        }
    }
}
