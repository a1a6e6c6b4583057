/**
 * The cluster core: what the shared EC2 cluster can hold and who gets it. Pure, beside the
 * policies: no I/O, no clock (time comes in as an argument), no mutation of what comes in, so the
 * same code runs live, in tests and in simulated time.
 *
 * <ul>
 *   <li>{@link io.microscaler.cluster.Headroom}: the schedulable-task headroom metric (docs/design.md
 *       section 6) and how many of the largest task one instance holds;</li>
 *   <li>{@link io.microscaler.cluster.HeadroomRule}: grow the Auto Scaling group below the low
 *       threshold, shrink it by its emptiest instance above the high one, counting instances
 *       already launching so one gap is asked for once;</li>
 *   <li>{@link io.microscaler.cluster.ClusterPlanner}: every service's wish, by priority, fitted
 *       onto the instances' free capacity; lower priorities give way (never below their minimum),
 *       the rest overflows to Fargate where allowed or is held back;</li>
 *   <li>{@link io.microscaler.cluster.PlannerStage}: the planner in the live loop, as plain code:
 *       wishes (the policies' decisions) and cluster reads in, the decisions to apply and the
 *       grants to announce out.</li>
 * </ul>
 *
 * CPU is in ECS CPU units (1024 per vCPU), memory in MiB, as ECS reports them.
 */
package io.microscaler.cluster;
