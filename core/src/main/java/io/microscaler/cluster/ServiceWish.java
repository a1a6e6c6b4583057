package io.microscaler.cluster;

import java.util.Objects;

/**
 * What one service asks of the cluster on this round.
 *
 * @param priority       higher wins the cluster's capacity ({@link Priorities})
 * @param min            the service's minimum: displacement never takes it below this
 * @param wanted         the task count its policy decided
 * @param size           what each of its tasks reserves
 * @param fargateAllowed whether its task definition may run on Fargate when EC2 has no room
 */
public record ServiceWish(String service, int priority, int min, int wanted, TaskSize size, boolean fargateAllowed) {

    public ServiceWish {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(size, "size");
        if (min < 0 || wanted < 0) {
            throw new IllegalArgumentException("min and wanted of " + service + " must be >= 0, but were " + min + " and " + wanted);
        }
    }
}
