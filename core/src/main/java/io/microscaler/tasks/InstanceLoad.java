package io.microscaler.tasks;

/**
 * A container instance as DescribeContainerInstances reads it, for choosing which task to stop and
 * which tasks must move.
 *
 * @param tasks      running and pending tasks of every service on it
 * @param freeCpu    remaining CPU units
 * @param freeMemory remaining MiB
 * @param draining   its status is DRAINING (scale-in, a spot interruption): its tasks are to be
 *                   replaced elsewhere, and ECS does not do that for tasks RunTask started
 */
public record InstanceLoad(String instanceArn, String ec2InstanceId, int tasks, int freeCpu, int freeMemory,
                           boolean draining) {

    /** An ACTIVE instance. */
    public InstanceLoad(String instanceArn, String ec2InstanceId, int tasks, int freeCpu, int freeMemory) {
        this(instanceArn, ec2InstanceId, tasks, freeCpu, freeMemory, false);
    }
}
