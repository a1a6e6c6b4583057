package io.microscaler.actuate.tasks;

/**
 * A container instance as DescribeContainerInstances reads it, for choosing which task to stop.
 *
 * @param tasks      running and pending tasks of every service on it
 * @param freeCpu    remaining CPU units
 * @param freeMemory remaining MiB
 */
public record InstanceLoad(String instanceArn, String ec2InstanceId, int tasks, int freeCpu, int freeMemory) {
}
