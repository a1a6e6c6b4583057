package io.microscaler.bus;

import io.microscaler.decision.Decision;
import io.vertx.core.eventbus.EventBus;

/** Registers the local codec of every message type that travels on the bus. Call once per Vert.x instance. */
public final class Codecs {

    public static void register(EventBus bus) {
        register(bus, Decision.class);
        register(bus, CapacityObserved.class);
        register(bus, ServiceStatus.class);
        register(bus, ServiceStatuses.class);
        register(bus, OwnershipChange.class);
        register(bus, ProblemReport.class);
        register(bus, ClusterLeadership.class);
        register(bus, ClusterEvent.SpotInterruption.class);
        register(bus, ClusterEvent.RebalanceRecommendation.class);
        register(bus, ClusterEvent.TaskStateChange.class);
        register(bus, ClusterEvent.InstanceStateChange.class);
        register(bus, AdminAction.class);
        register(bus, io.microscaler.override.ServiceOverrides.class);
    }

    private static <T> void register(EventBus bus, Class<T> type) {
        bus.registerDefaultCodec(type, new LocalCodec<>(type));
    }

    private Codecs() {
    }
}
