package io.microscaler.cluster;

/**
 * One evaluation of the headroom rule: the action, the figures it saw and the rule's next memory.
 *
 * @param headroom           schedulable tasks of the largest size on the ACTIVE instances now
 * @param launchingInstances instances asked for that have not joined yet
 */
public record CapacityEvaluation(CapacityAction action, int headroom, int launchingInstances, HeadroomMemory next) {
}
