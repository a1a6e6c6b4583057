package io.microscaler.tasks;

import java.util.Objects;

/**
 * One load balancer target: an EC2 instance id and the task's dynamic host port (bridge mode), or a
 * task's private IP and its container port (awsvpc, e.g. Fargate). Many tasks on one instance are
 * many targets with the same id and different ports.
 */
public record TaskTarget(String id, int port) {

    public TaskTarget {
        Objects.requireNonNull(id, "id");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1–65535, but was " + port);
        }
    }

    @Override
    public String toString() {
        return id + ":" + port;
    }
}
