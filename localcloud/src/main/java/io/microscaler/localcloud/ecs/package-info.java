/**
 * The ECS emulation: clusters, container instances with resource accounting, task definitions,
 * tasks with ECS's lifecycle and dynamic host ports, services kept at their desired count by a
 * level-triggered scheduler, placement by binpack/spread/random, and EventBridge-shaped state-change
 * events. Fargate is a capacity of its own: no instance, its own start delay, never short of
 * resources; awsvpc tasks (every Fargate task) get a loopback address of their own, 127.0.0.x. {@link io.microscaler.localcloud.ecs.EcsEngine} holds the state in plain Java on the local
 * cloud's context; {@link io.microscaler.localcloud.ecs.EcsApi} is the thin awsJson1_1 adapter.
 */
package io.microscaler.localcloud.ecs;
