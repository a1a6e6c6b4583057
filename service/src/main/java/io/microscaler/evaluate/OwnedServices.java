package io.microscaler.evaluate;

import io.microscaler.forecast.LoadForecaster;
import io.microscaler.policy.ServiceState;
import io.microscaler.window.ServiceWindow;
import io.microscaler.window.WindowSettings;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The services one ingest verticle owns, found through the partitions it consumes: a service's
 * events are keyed by its id, so they all land on one partition and one owner.
 */
public final class OwnedServices {

    private final WindowSettings settings;
    private final Predicate<String> partitionLive;
    private final Function<String, LoadForecaster> forecasters;
    private final Map<String, OwnedService> services = new HashMap<>();

    /** @param partitionLive whether a partition's windows are complete (false while it is rebuilt) */
    public OwnedServices(WindowSettings settings, Predicate<String> partitionLive) {
        this(settings, partitionLive, service -> null);
    }

    /**
     * @param forecasters a new forecaster for a service that asks for one (its own state: history
     *                    starts when the service is first met here), else null
     */
    public OwnedServices(WindowSettings settings, Predicate<String> partitionLive,
                         Function<String, LoadForecaster> forecasters) {
        this.settings = settings;
        this.partitionLive = partitionLive;
        this.forecasters = forecasters;
    }

    /**
     * The service's state, created on its first event. A service first met while its partition
     * is rebuilding starts warming.
     *
     * <p>Sequence numbers start at the owner's clock in microseconds, so they keep increasing
     * when the service moves to another owner (in this instance or another) whose clock is close.
     */
    public OwnedService getOrCreate(String service, String partition, Instant now) {
        OwnedService owned = services.get(service);
        if (owned == null) {
            ServiceWindow window = new ServiceWindow(service, settings, forecasters.apply(service));
            window.setWarming(!partitionLive.test(partition));
            long firstSeq = now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
            owned = new OwnedService(partition, window, ServiceState.initial(service), firstSeq);
            services.put(service, owned);
        }
        return owned;
    }

    public OwnedService get(String service) {
        return services.get(service);
    }

    public Collection<OwnedService> all() {
        return services.values();
    }

    /** The partition finished rebuilding: its services' windows are complete. */
    public void partitionLive(String partition) {
        for (OwnedService s : services.values()) {
            if (s.partition().equals(partition)) {
                s.window().setWarming(false);
            }
        }
    }

    /** The partition was revoked: forget its services. Returns their ids. */
    public Set<String> dropPartition(String partition) {
        Set<String> dropped = new HashSet<>();
        services.values().removeIf(s -> {
            if (s.partition().equals(partition)) {
                dropped.add(s.window().service());
                return true;
            }
            return false;
        });
        return dropped;
    }
}
