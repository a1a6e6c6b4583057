package io.microscaler.config;

import io.microscaler.policy.ServicePolicySettings;

/**
 * One scaled service (keys {@code services.<id>.*}, defaults from {@code serviceDefaults.*}).
 *
 * @param initialTasks the count a dry-run target starts from, the local cloud's service is created with, and
 *                     (at least {@code minTasks}) a task-mode service starts when it has no tasks
 * @param policy       everything its {@link io.microscaler.policy.ServicePolicy} needs
 * @param placement    how its tasks run on the cluster: mode, priority, size, task definition, target group
 * @param takeOver     whether microscaler suspends the Application Auto Scaling dynamic scaling of its
 *                     ECS service (service mode) to scale it itself; without, a service whose dynamic
 *                     scaling is active is left to Application Auto Scaling
 */
public record ServiceConfig(String id, int initialTasks, ServicePolicySettings policy, ServicePlacement placement,
                            boolean takeOver) {

    /** Not taking over from Application Auto Scaling. */
    public ServiceConfig(String id, int initialTasks, ServicePolicySettings policy, ServicePlacement placement) {
        this(id, initialTasks, policy, placement, false);
    }

    /** A service with {@link ServicePlacement#defaults(String) the default placement}. */
    public ServiceConfig(String id, int initialTasks, ServicePolicySettings policy) {
        this(id, initialTasks, policy, ServicePlacement.defaults(id));
    }
}
