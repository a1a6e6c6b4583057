/**
 * Scaling policies: a {@link io.microscaler.policy.ScalingPolicy} turns a window snapshot, what is
 * known of the service and {@code now} into a {@link io.microscaler.decision.Decision} and the next
 * {@link io.microscaler.policy.PolicyMemory}. Policies are built from small steps (hold conditions,
 * target, tolerance, bounds, stabilisation), each a table-tested function that later policies reuse.
 * Pure: time only from the argument, no I/O, no mutation, so the same code runs live, in tests and
 * in simulated time.
 */
package io.microscaler.policy;
