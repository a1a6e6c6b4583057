/**
 * Scaling policies: a {@link io.microscaler.policy.ScalingPolicy} turns a window snapshot, what is
 * known of the service and {@code now} into a {@link io.microscaler.decision.Decision} and the next
 * {@link io.microscaler.policy.PolicyMemory}. {@link io.microscaler.policy.ServicePolicy} puts a
 * service's policies together: each recommender (target tracking, latency, step, demand, panic)
 * gives a recommendation, the largest wins, and small steps shape it (stabilisation, the panic and
 * error guards, cooldowns, rate limits, bounds), each a table-tested function. Pure: time only from
 * the argument, no I/O, no mutation of what comes in, so the same code runs live, in tests and in
 * simulated time.
 */
package io.microscaler.policy;
