package io.microscaler.localcloud;

/**
 * An Auto Scaling group of container instances, as a CloudFormation stack would create it (the
 * local cloud has no CreateAutoScalingGroup API; the demo and tests create groups in-process).
 *
 * @param clusterName    the ECS cluster its instances join (ECS_CLUSTER in their user data)
 * @param instanceCpu    CPU units per instance (1024 per vCPU), e.g. 4096 for a c5.xlarge
 * @param instanceMemory MiB per instance registered with ECS, e.g. 7680
 * @param spot           whether its instances are spot instances
 */
public record AutoScalingGroupSpec(
        String name,
        String clusterName,
        int instanceCpu,
        int instanceMemory,
        int minSize,
        int maxSize,
        int desiredCapacity,
        boolean spot) {
}
