package io.microscaler.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import io.microscaler.decision.Decision;
import io.microscaler.decision.Reason;
import io.microscaler.override.Pin;
import io.microscaler.override.ServiceOverrides;
import io.microscaler.policy.Capacity;
import io.microscaler.policy.ScalingPolicy;
import io.microscaler.policy.ScheduledBounds;
import io.microscaler.policy.ServicePolicy;
import io.microscaler.policy.ServicePolicySettings;
import io.microscaler.policy.TargetMetric;
import io.microscaler.schedule.Cron;
import io.microscaler.schedule.Schedule;
import io.microscaler.window.WindowSettings;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * The owner's tick with a schedule: the policy raises a service to the schedule's minimum even
 * while it holds for want of data, and an operator's pin still wins, clamped as the evaluator is
 * wired in {@code Microscaler} (own bounds widened by the active schedule's).
 */
class ScheduledEvaluationTest {

    /** Monday 2026-12-07 09:30 London (GMT): opening hours (min 6) are on. */
    private static final Instant NOW = Instant.parse("2026-12-07T09:30:00Z");
    private static final List<Schedule> OPENING_HOURS = List.of(new Schedule("opening-hours",
            Cron.parse("0 8 * * MON-FRI"), Cron.parse("0 18 * * MON-FRI"), ZoneId.of("Europe/London"),
            OptionalInt.of(6), OptionalInt.empty()));

    private Decision tick(Optional<ServiceOverrides> overrides) {
        ServicePolicySettings settings = ServicePolicySettings.targetTracking(TargetMetric.RPS, 100, 1, 20)
                .withSchedules(OPENING_HOURS);
        Map<String, ScalingPolicy> policies = Map.of("shop", new ServicePolicy(settings));
        ServiceEvaluator evaluator = new ServiceEvaluator(policies, service -> overrides,
                Map.of("shop", new ServiceEvaluator.Bounds(1, 20, ScheduledBounds.of(OPENING_HOURS))));
        OwnedServices owned = new OwnedServices(WindowSettings.DEFAULTS, partition -> true);
        OwnedService shop = owned.getOrCreate("shop", "requests-0", NOW.minusSeconds(120));
        shop.state(shop.state().withCapacity(new Capacity(2, 2, 0)));
        return evaluator.evaluate(shop, NOW);
    }

    @Test
    void aScheduleRaisesTheCountEvenWhileThereIsNoData() {
        Decision d = tick(Optional.empty());

        assertThat(d.from()).isEqualTo(2);
        assertThat(d.to()).isEqualTo(6);
        assertThat(d.reason()).isEqualTo(Reason.SCHEDULED);
        assertThat(d.message()).contains("raised to min 6 by schedule opening-hours (Mon–Fri 08:00–18:00 Europe/London,"
                + " until 18:00)");
    }

    @Test
    void aPinBelowTheSchedulesMinimumWins() {
        Pin pin = new Pin(2, "alice", "incident 42", NOW.minusSeconds(60), NOW.plusSeconds(3600));

        Decision d = tick(Optional.of(ServiceOverrides.none("shop").withPin(Optional.of(pin))));

        assertThat(d.to()).isEqualTo(2);
        assertThat(d.reason()).isEqualTo(Reason.PINNED);
        assertThat(d.message()).startsWith("pinned at 2 by alice").contains("the policy would set 2 → 6 (scheduled)");
    }
}
