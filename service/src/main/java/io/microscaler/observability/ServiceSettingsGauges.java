package io.microscaler.observability;

import io.microscaler.policy.ScheduledBounds;
import io.microscaler.policy.ServicePolicySettings;
import io.microscaler.schedule.ActiveSchedule;
import io.microscaler.schedule.Schedule;
import io.microscaler.schedule.Schedules;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;

/**
 * A service's configured targets and bounds as gauges, so a dashboard can draw the line the
 * service is held to next to what it does (p95 against its latency target, tasks between their
 * bounds, load per task against its target). Constant for the life of the process; registered at
 * start for every configured service. The one exception follows the clock: which of a service's
 * schedules is active, read at scrape time (the same on every instance: schedules are configuration).
 */
public final class ServiceSettingsGauges {

    private ServiceSettingsGauges() {
    }

    /** With the schedule gauges read at the system clock. */
    public static void register(MeterRegistry registry, String service, ServicePolicySettings settings) {
        register(registry, service, settings, Clock.systemUTC());
    }

    /**
     * Also {@code microscaler_schedule_active{service,schedule}}, 1 while that schedule is active at
     * {@code clock}'s now, else 0: one series per configured schedule, so bounded by the configuration.
     */
    public static void register(MeterRegistry registry, String service, ServicePolicySettings settings, Clock clock) {
        Schedules schedules = ScheduledBounds.of(settings.schedules());
        for (Schedule s : settings.schedules()) {
            Gauge.builder("microscaler_schedule_active", () -> schedules.activeAt(clock.instant())
                            .map(ActiveSchedule::name).filter(s.name()::equals).isPresent() ? 1.0 : 0.0)
                    .description("1 while the schedule is active (its bounds replace the service's), else 0")
                    .tag("service", service)
                    .tag("schedule", s.name())
                    .register(registry);
        }
        registerConstants(registry, service, settings);
    }

    private static void registerConstants(MeterRegistry registry, String service, ServicePolicySettings settings) {
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
