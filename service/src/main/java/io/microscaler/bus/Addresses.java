package io.microscaler.bus;

import java.util.List;

/** Every event-bus address microscaler uses, in one place. All messages are local immutable values. */
public final class Addresses {

    /** {@link io.microscaler.decision.Decision}s that change a count or the reason for holding (published by owners). */
    public static final String DECISIONS = "microscaler.decisions";

    /**
     * {@link io.microscaler.decision.Decision}s the cluster planner adjusted ({@code cluster.enabled}):
     * the grant a wish got, with the planner's reason and figures (published). The planner reads
     * {@link #DECISIONS} only, so it never hears its own grants.
     */
    public static final String GRANTS = "microscaler.decisions.granted";

    /** Where audit, API and status page read decisions: the policies' and the planner's grants. */
    public static final List<String> ANNOUNCED = List.of(DECISIONS, GRANTS);

    /**
     * {@link io.microscaler.decision.Decision}s the cluster planner lets through or adjusted, for the actuator
     * (sent in order, scale-ins first). Used with {@code cluster.enabled} only; else the actuator reads {@link #DECISIONS}.
     */
    public static final String PLANNED_DECISIONS = "microscaler.decisions.planned";

    /** {@link CapacityObserved}: task counts read back by the actuator (published). */
    public static final String CAPACITY = "microscaler.capacity";

    /** Request with a service id (String), reply {@link CapacityObserved}: ask the actuator for a service's counts. */
    public static final String CAPACITY_QUERY = "microscaler.capacity.query";

    /** {@link ProblemReport}: the actuator's per-service problems, whole, on every change (published). */
    public static final String PROBLEMS = "microscaler.problems";

    /**
     * {@link ServiceStatuses}: each owner's view of each service it owns, once per tick, a message per
     * part of the tick (published).
     */
    public static final String STATUS = "microscaler.status";

    /** {@link OwnershipChange}: an ingest verticle took or lost services or partitions (published). */
    public static final String OWNERSHIP = "microscaler.ownership";

    /** {@link ClusterEvent}s from the cluster topic, read by whoever holds its partition 0 (published). */
    public static final String CLUSTER_EVENTS = "microscaler.cluster.events";

    /** {@link ClusterLeadership}: this instance gained or lost the cluster planner (published). */
    public static final String CLUSTER_LEADERSHIP = "microscaler.cluster.leadership";

    /**
     * Request with an {@link AdminAction} (an operator's pause, resume, pin or release), reply the
     * service's {@link io.microscaler.override.ServiceOverrides} once the admin topic has it and this
     * instance has read it back; a failure (503) when the write failed.
     */
    public static final String ADMIN_COMMANDS = "microscaler.admin.commands";

    /** {@link AdminAction}s written to the admin topic, and pins that expired, for the audit topic (published). */
    public static final String ADMIN_ACTIONS = "microscaler.admin.actions";

    private Addresses() {
    }
}
