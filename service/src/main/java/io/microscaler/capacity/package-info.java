/**
 * The cluster loop, live ({@code cluster.enabled}): the cluster topic's reader and its EventBridge
 * decoding ({@link io.microscaler.capacity.ClusterEventsVerticle}), the headroom loop that grows
 * and shrinks the Auto Scaling group and answers spot interruptions
 * ({@link io.microscaler.capacity.ClusterCapacityVerticle}), and the planner in front of the
 * actuator that turns the policies' wishes into grants
 * ({@link io.microscaler.capacity.ClusterPlannerVerticle}). The rules are the pure
 * {@code io.microscaler.cluster} of the core; the AWS calls are {@code actuate.aws.EcsClusterCapacity}'s.
 */
package io.microscaler.capacity;
