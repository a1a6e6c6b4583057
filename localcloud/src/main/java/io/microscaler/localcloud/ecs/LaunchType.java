package io.microscaler.localcloud.ecs;

/** Where a task runs: on a container instance of the cluster, or on Fargate (no instance, its own start delay). */
public enum LaunchType { EC2, FARGATE }
