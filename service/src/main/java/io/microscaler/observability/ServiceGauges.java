package io.microscaler.observability;

import io.microscaler.bus.ServiceStatus;
import io.microscaler.decision.Decision;
import io.microscaler.policy.Capacity;
import io.microscaler.window.SpanStats;
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
 *
 * <p>Load figures are over the stable window, as the policy reads them. Request events are sent
 * when a request ends, so every request an event reports arrived at the service: <em>offered</em>
 * is all of them per second, <em>served</em> those that did not fail (status below 500).
 */
public final class ServiceGauges {

    /** The policy name of Knative's panic window: it recommends only while the service panics. */
    static final String PANIC_POLICY = "panic";

    private final MeterRegistry registry;
    private final Function<String, Optional<ServiceStatus>> lookup;
    private final Set<String> registered = ConcurrentHashMap.newKeySet();
    private final Set<String> forecasting = ConcurrentHashMap.newKeySet();

    public ServiceGauges(MeterRegistry registry, Function<String, Optional<ServiceStatus>> lookup) {
        this.registry = registry;
        this.lookup = lookup;
    }

    /**
     * Registers the service's gauges the first time it is seen, and its forecast's the first time
     * it has one (so only predictive services have them).
     */
    public void ensure(ServiceStatus status) {
        ensure(status.service());
        if (status.window().forecast().isPresent() && forecasting.add(status.service())) {
            forecast(status.service(), "microscaler_service_forecast_requests_per_second",
                    "The predictive policy's forecast busy rate (requests/s) one predictiveHorizon ahead",
                    f -> f.rate());
            forecast(status.service(), "microscaler_service_forecast_error_ratio",
                    "Mean relative error of the forecasts over the last hour's minutes (NaN until 30 are compared)",
                    f -> f.verdict().meanError());
            forecast(status.service(), "microscaler_service_forecast_trusted",
                    "1 while the forecast is used (mean error <= 30 %), 0 while it is switched off or not trusted yet",
                    f -> f.verdict().trusted() ? 1.0 : 0.0);
        }
    }

    private void forecast(String service, String name, String description,
                          ToDoubleFunction<io.microscaler.forecast.LoadForecaster.Forecast> read) {
        gauge(service, name, description, s -> s.window().forecast().map(read::applyAsDouble).orElse(Double.NaN));
    }

    /** Registers the service's gauges the first time it is seen. */
    public void ensure(String service) {
        if (!registered.add(service)) {
            return;
        }
        stable(service, "microscaler_service_requests_per_second",
                "Offered load: requests/s the service's events report (all statuses), over the stable window",
                SpanStats::rate);
        stable(service, "microscaler_service_served_requests_per_second",
                "Served load: requests/s that did not fail (status below 500), over the stable window",
                s -> s.rate() * (1 - s.errorRatio()));
        stable(service, "microscaler_service_concurrency", "Requests in flight (Little's law) over the stable window",
                SpanStats::concurrency);
        stable(service, "microscaler_service_latency_p50_seconds", "p50 latency over the stable window",
                s -> s.p50Ms() / 1000.0);
        stable(service, "microscaler_service_latency_p95_seconds", "p95 latency over the stable window",
                s -> s.p95Ms() / 1000.0);
        stable(service, "microscaler_service_latency_p99_seconds", "p99 latency over the stable window",
                s -> s.p99Ms() / 1000.0);
        stable(service, "microscaler_service_error_ratio", "5xx share over the stable window", SpanStats::errorRatio);
        gauge(service, "microscaler_service_desired_tasks", "Tasks asked for",
                s -> count(s.capacity(), Capacity::desired));
        gauge(service, "microscaler_service_running_tasks", "Tasks running",
                s -> count(s.capacity(), Capacity::running));
        gauge(service, "microscaler_service_pending_tasks", "Tasks starting",
                s -> count(s.capacity(), Capacity::pending));
        gauge(service, "microscaler_service_panic_mode", "1 while the service is in panic mode, else 0",
                s -> panicking(s.lastEvaluation()) ? 1.0 : 0.0);
        for (WindowState state : WindowState.values()) {
            Gauge.builder("microscaler_service_window_state", () -> lookup.apply(service)
                            .map(s -> s.window().state() == state ? 1.0 : 0.0).orElse(Double.NaN))
                    .description("1 for the window's current state (ok, unknown, warming)")
                    .tag("service", service)
                    .tag("state", state.name().toLowerCase(java.util.Locale.ROOT))
                    .register(registry);
        }
    }

    /**
     * Panic mode adds the panic window's recommendation to every evaluation while it lasts, and
     * only then; an evaluation that held before asking the policies (warming, no data) reads 0.
     */
    static boolean panicking(Decision evaluation) {
        return evaluation != null && evaluation.recommendations().stream().anyMatch(r -> PANIC_POLICY.equals(r.policy()));
    }

    private void stable(String service, String name, String description, ToDoubleFunction<SpanStats> read) {
        gauge(service, name, description, s -> read.applyAsDouble(s.window().stable()));
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
