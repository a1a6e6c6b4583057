package io.microscaler.bus;

/**
 * Whether this autoscaler instance runs the cluster planner: it does while it holds partition 0
 * of the cluster topic (docs/design.md section 7).
 *
 * @param owner   the cluster-events consumer that gained or lost partition 0
 * @param leading true when it gained it
 */
public record ClusterLeadership(String owner, boolean leading) {
}
