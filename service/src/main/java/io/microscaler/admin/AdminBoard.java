package io.microscaler.admin;

import io.microscaler.override.ServiceOverrides;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The overrides of every service as this instance has read them from the admin topic. Written by
 * the {@link AdminStateVerticle} alone; read by the owners' ticks (on their own contexts), the
 * actuator and the API, so it holds immutable values in a concurrent map: a reader sees a service's
 * overrides whole, before or after a change.
 */
public final class AdminBoard {

    private final Map<String, ServiceOverrides> byService = new ConcurrentHashMap<>();

    /** The service's overrides; empty when it has none. */
    public Optional<ServiceOverrides> get(String service) {
        return Optional.ofNullable(byService.get(service));
    }

    /** Whether the service is paused now. */
    public boolean paused(String service) {
        ServiceOverrides o = byService.get(service);
        return o != null && o.pause().isPresent();
    }

    /** Every service with overrides, by id. */
    public Map<String, ServiceOverrides> all() {
        return new TreeMap<>(byService);
    }

    void put(ServiceOverrides overrides) {
        if (overrides.isEmpty()) {
            byService.remove(overrides.service());
        } else {
            byService.put(overrides.service(), overrides);
        }
    }
}
