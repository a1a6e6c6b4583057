package io.microscaler.tasks;

import java.util.List;

/**
 * The network of a service's awsvpc tasks (RunTask's {@code awsvpcConfiguration}): each task gets
 * its own interface in one of these subnets, and is a load balancer target by its own IP. A task
 * definition that may run on Fargate is awsvpc, so its EC2 tasks need this too.
 *
 * @param subnets        at least one subnet id
 * @param securityGroups empty: the VPC's default security group
 */
public record AwsvpcNetwork(List<String> subnets, List<String> securityGroups) {

    public AwsvpcNetwork {
        subnets = List.copyOf(subnets);
        securityGroups = List.copyOf(securityGroups);
        if (subnets.isEmpty()) {
            throw new IllegalArgumentException("an awsvpc network needs at least one subnet");
        }
    }
}
