package io.microscaler.localcloud;

/**
 * What Auto Scaling asks of ECS: an instance that has booted registers with its cluster as a
 * container instance (the ECS agent does this on EC2); one that is terminated leaves it, its tasks
 * stopped. Implemented by the ECS emulation; called on the local cloud's context.
 */
public interface ClusterMembership {

    /**
     * Registers a booted instance.
     *
     * @param cpu    CPU units (1024 per vCPU)
     * @param memory MiB
     * @param spot   whether it is a spot instance (may get interruption warnings)
     */
    void join(String clusterName, String instanceId, int cpu, int memory, boolean spot);

    /** The instance is going away: its tasks stop, it leaves the cluster. */
    void leave(String instanceId);
}
