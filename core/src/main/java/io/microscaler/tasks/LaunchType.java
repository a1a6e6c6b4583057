package io.microscaler.tasks;

/**
 * Where a task runs: on the cluster's EC2 container instances (bridge networking, a dynamic host
 * port, registered as {@code instance:port}) or on Fargate (awsvpc, its own IP, registered as
 * {@code ip:port}). Chosen per launch, so overflow to Fargate is a parameter, not another actuator.
 */
public enum LaunchType {
    EC2,
    FARGATE
}
