package io.microscaler.observability;

import io.microscaler.bus.ServiceStatus;
import io.microscaler.policy.Capacity;
import io.microscaler.window.WindowState;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;

/**
 * Per-service gauges read from the newest status at scrape time. Registered once per service
 * (tag {@code service}; bounded by the configured services). A service this instance does not
 * own reads NaN, which Prometheus shows as no value.
 */
public final class ServiceGauges {

    private final MeterRegistry registry;
    private final Function<String, Optional<ServiceStatus>> lookup;
    private final Set<String> registered = ConcurrentHashMap.newKeySet();

    public ServiceGauges(MeterRegistry registry, Function<String, Optional<ServiceStatus>> lookup) {
        this.registry = registry;
        this.lookup = lookup;
    }

    /** Registers the service's gauges the first time it is seen. */
    public void ensure(String service) {
        if (!registered.add(service)) {
            return;
        }
        gauge(service, "microscaler_service_requests_per_second", "Requests/s over the stable window",
                s -> s.window().stable().rate());
        gauge(service, "microscaler_service_concurrency", "Requests in flight (Little's law) over the stable window",
                s -> s.window().stable().concurrency());
        gauge(service, "microscaler_service_latency_p95_seconds", "p95 latency over the stable window",
                s -> s.window().stable().p95Ms() / 1000.0);
        gauge(service, "microscaler_service_error_ratio", "5xx share over the stable window",
                s -> s.window().stable().errorRatio());
        gauge(service, "microscaler_service_desired_tasks", "Tasks asked for",
                s -> count(s.capacity(), Capacity::desired));
        gauge(service, "microscaler_service_running_tasks", "Tasks running",
                s -> count(s.capacity(), Capacity::running));
        gauge(service, "microscaler_service_pending_tasks", "Tasks starting",
                s -> count(s.capacity(), Capacity::pending));
        for (WindowState state : WindowState.values()) {
            Gauge.builder("microscaler_service_window_state", () -> lookup.apply(service)
                            .map(s -> s.window().state() == state ? 1.0 : 0.0).orElse(Double.NaN))
                    .description("1 for the window's current state (ok, unknown, warming)")
                    .tag("service", service)
                    .tag("state", state.name().toLowerCase(java.util.Locale.ROOT))
                    .register(registry);
        }
    }

    private void gauge(String service, String name, String description, ToDoubleFunction<ServiceStatus> read) {
        Gauge.builder(name, () -> lookup.apply(service).map(read::applyAsDouble).orElse(Double.NaN))
                .description(description)
                .tag("service", service)
                .register(registry);
    }

    private static double count(Capacity c, ToDoubleFunction<Capacity> read) {
        return c == null ? Double.NaN : read.applyAsDouble(c);
    }
}
