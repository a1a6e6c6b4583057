package io.microscaler.api;

import io.microscaler.bus.CapacityObserved;
import io.microscaler.bus.OwnershipChange;
import io.microscaler.bus.ServiceStatus;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The newest status of every service this instance owns, and which ingest owners have been
 * through a rebalance. Written from the API verticle's context; read there and by meter gauges.
 */
public final class StatusBoard {

    private final Map<String, ServiceStatus> services = new ConcurrentHashMap<>();
    private final Set<String> assignedOwners = ConcurrentHashMap.newKeySet();
    // From the actuator (it owns every service), not from the owners' statuses: the policy has no use for it.
    private final Map<String, Integer> healthy = new ConcurrentHashMap<>();
    // The counts the actuator last read, for services no owner here has reported on yet.
    private final Map<String, CapacityObserved> observed = new ConcurrentHashMap<>();

    public void update(ServiceStatus status) {
        services.put(status.service(), status);
    }

    public void ownership(OwnershipChange change) {
        if (change.assigned()) {
            assignedOwners.add(change.owner());
        }
        // Drop only what that owner reported: the service may already have a new owner here.
        change.dropped().forEach(s -> services.computeIfPresent(s, (k, v) -> v.owner().equals(change.owner()) ? null : v));
    }

    /** The actuator read the service's counts: keep its healthy figure, or forget it if it had none. */
    public void capacity(CapacityObserved observed) {
        this.observed.put(observed.service(), observed);
        if (observed.healthy().isPresent()) {
            healthy.put(observed.service(), observed.healthy().getAsInt());
        } else {
            healthy.remove(observed.service());
        }
    }

    /** Healthy tasks as the actuator last read them; empty where it cannot tell. */
    public OptionalInt healthy(String service) {
        Integer count = healthy.get(service);
        return count == null ? OptionalInt.empty() : OptionalInt.of(count);
    }

    /** The counts the actuator last read for the service, if it has read any. */
    public Optional<CapacityObserved> observed(String service) {
        return Optional.ofNullable(observed.get(service));
    }

    public int assignedOwners() {
        return assignedOwners.size();
    }

    public Optional<ServiceStatus> get(String service) {
        return Optional.ofNullable(services.get(service));
    }

    public List<ServiceStatus> all() {
        return services.values().stream().sorted(Comparator.comparing(ServiceStatus::service)).toList();
    }
}
