/**
 * The ECS emulation: clusters, container instances with resource accounting, task definitions,
 * tasks with ECS's lifecycle and dynamic host ports, services kept at their desired count by a
 * level-triggered scheduler, placement by binpack/spread/random, and EventBridge-shaped state-change
 * events. {@link io.microscaler.localcloud.ecs.EcsEngine} holds the state in plain Java on the local
 * cloud's context; {@link io.microscaler.localcloud.ecs.EcsApi} is the thin awsJson1_1 adapter.
 */
package io.microscaler.localcloud.ecs;
