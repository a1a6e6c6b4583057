package io.microscaler.localcloud;

/**
 * What ECS asks of the load balancer side, as AWS's ECS does for a service with a
 * {@code loadBalancers} entry: put a RUNNING task's {@code instance:port} (or, with awsvpc, its
 * {@code ip:port}) into its target group,
 * and take it out (draining) before the task stops. Implemented by the ELBv2 emulation; called on
 * the local cloud's context.
 */
public interface TargetRegistry {

    /** Whether the target group exists (CreateService checks it). */
    boolean exists(String targetGroupArn);

    /**
     * The target group's target type: {@code instance} (targets are instance id and host port,
     * bridge networking) or {@code ip} (targets are a task's own address and port, awsvpc).
     */
    default String targetType(String targetGroupArn) {
        return "instance";
    }

    void register(String targetGroupArn, String instanceId, int port);

    /**
     * Whether the target is in service: healthy, or health checks are off. ECS counts a task of a
     * service behind a load balancer as healthy only once its targets are, for minimum healthy
     * percent (a draining instance's tasks stop only when their replacements are).
     */
    default boolean inService(String targetGroupArn, String instanceId, int port) {
        return true;
    }

    /**
     * Starts draining the target.
     *
     * @param drained called once the deregistration delay has passed and the target is gone
     */
    void deregister(String targetGroupArn, String instanceId, int port, Runnable drained);
}
