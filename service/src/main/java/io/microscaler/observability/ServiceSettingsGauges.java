package io.microscaler.observability;

import io.microscaler.policy.ServicePolicySettings;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * A service's configured targets and bounds as gauges, so a dashboard can draw the line the
 * service is held to next to what it does (p95 against its latency target, tasks between their
 * bounds, load per task against its target). Constant for the life of the process; registered at
 * start for every configured service.
 */
public final class ServiceSettingsGauges {

    private ServiceSettingsGauges() {
    }

    public static void register(MeterRegistry registry, String service, ServicePolicySettings settings) {
        settings.latencyTargetMs().ifPresent(ms -> constant(service, "microscaler_service_latency_target_seconds",
                "The service's p95 latency target (latencyTarget); absent when it has none", ms / 1000.0)
                .register(registry));
        constant(service, "microscaler_service_min_tasks", "The service's minTasks", settings.minTasks())
                .register(registry);
        constant(service, "microscaler_service_max_tasks", "The service's maxTasks", settings.maxTasks())
                .register(registry);
        constant(service, "microscaler_service_target_per_task",
                "Target tracking's target per task, for the metric named by the tag (rps or concurrency)",
                settings.targetPerTask())
                .tag("metric", settings.metric().configName())
                .register(registry);
    }

    private static Gauge.Builder<?> constant(String service, String name, String description, double value) {
        return Gauge.builder(name, () -> value).description(description).tag("service", service);
    }
}
