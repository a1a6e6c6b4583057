package io.microscaler.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.microscaler.policy.ServicePolicySettings;
import io.microscaler.policy.TargetMetric;
import io.microscaler.schedule.Cron;
import io.microscaler.schedule.Schedule;
import io.microscaler.testing.MutableClock;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** {@code microscaler_schedule_active}: one series per schedule, 1 for the one active at the clock. */
class ServiceSettingsGaugesTest {

    @Test
    void theActiveSchedulesGaugeIsOneAndTheOthersZero() {
        ZoneId london = ZoneId.of("Europe/London");
        ServicePolicySettings settings = ServicePolicySettings.targetTracking(TargetMetric.RPS, 100, 1, 20)
                .withSchedules(List.of(
                        new Schedule("opening-hours", Cron.parse("0 8 * * MON-FRI"), Cron.parse("0 18 * * MON-FRI"), london,
                                OptionalInt.of(6), OptionalInt.empty()),
                        new Schedule("nights", Cron.parse("0 22 * * *"), Cron.parse("0 6 * * *"), london,
                                OptionalInt.empty(), OptionalInt.of(3))));
        MutableClock clock = new MutableClock(Instant.parse("2026-12-07T09:30:00Z")); // Monday, GMT
        MeterRegistry registry = new SimpleMeterRegistry();

        ServiceSettingsGauges.register(registry, "shop", settings, clock);

        assertThat(active(registry, "opening-hours")).isEqualTo(1.0);
        assertThat(active(registry, "nights")).isEqualTo(0.0);
        clock.set(Instant.parse("2026-12-07T23:00:00Z"));
        assertThat(active(registry, "opening-hours")).isEqualTo(0.0);
        assertThat(active(registry, "nights")).isEqualTo(1.0);
        clock.set(Instant.parse("2026-12-07T19:00:00Z"));
        assertThat(active(registry, "opening-hours") + active(registry, "nights")).isZero();
        assertThat(registry.find("microscaler_service_min_tasks").gauge().value()).as("the service's own").isEqualTo(1.0);
    }

    @Test
    void aServiceWithoutSchedulesHasNoScheduleSeries() {
        MeterRegistry registry = new SimpleMeterRegistry();

        ServiceSettingsGauges.register(registry, "plain", ServicePolicySettings.targetTracking(TargetMetric.RPS, 100, 1, 20));

        assertThat(registry.find("microscaler_schedule_active").gauges()).isEmpty();
    }

    private static double active(MeterRegistry registry, String schedule) {
        return registry.get("microscaler_schedule_active").tag("service", "shop").tag("schedule", schedule).gauge().value();
    }
}
