package io.microscaler.policy;

import static io.microscaler.policy.Snapshots.tasks;
import static org.assertj.core.api.Assertions.assertThat;

import io.microscaler.decision.Decision;
import io.microscaler.decision.Reason;
import io.microscaler.override.OverrideRule;
import io.microscaler.override.Pause;
import io.microscaler.override.Pin;
import io.microscaler.override.ServiceOverrides;
import io.microscaler.schedule.Cron;
import io.microscaler.schedule.Schedule;
import io.microscaler.schedule.Schedules;
import io.microscaler.window.WindowState;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A service on target tracking (100 rps per task, own bounds [1, 10]) with two schedules in London:
 * opening hours (Mon–Fri 08:00–18:00) raise the minimum to 6 and the maximum to 30; nights (22:00–06:00)
 * cap it at 3. 2026-12-07 is a Monday, in GMT.
 */
class ScheduledScalingTest {

    private static final ZoneId LONDON = ZoneId.of("Europe/London");
    private static final Schedule OPENING_HOURS = new Schedule("opening-hours", Cron.parse("0 8 * * MON-FRI"),
            Cron.parse("0 18 * * MON-FRI"), LONDON, OptionalInt.of(6), OptionalInt.of(30));
    private static final Schedule NIGHTS = new Schedule("nights", Cron.parse("0 22 * * *"), Cron.parse("0 6 * * *"),
            LONDON, OptionalInt.empty(), OptionalInt.of(3));
    private static final Schedule LAUNCH = Schedule.pinned("launch", Cron.parse("0 12 * * SAT"), Cron.parse("0 14 * * SAT"),
            LONDON, 4);
    private static final ServicePolicySettings SETTINGS = ServicePolicySettings.targetTracking(TargetMetric.RPS, 100, 1, 10)
            .withSchedules(List.of(OPENING_HOURS, NIGHTS, LAUNCH));
    private static final String MONDAY_0930 = "2026-12-07T09:30:00Z";

    @ParameterizedTest(name = "{1} rps on {2} tasks at {0} → {3} ({4})")
    @CsvSource(delimiter = '|', value = {
            // in opening hours: raised to the schedule's minimum, allowed up to its maximum
            MONDAY_0930 + "         | 100  | 2  | 6  | SCHEDULED       | raised to min 6 by schedule opening-hours (Mon–Fri 08:00–18:00 Europe/London, until 18:00)",
            MONDAY_0930 + "         | 2500 | 10 | 25 | TARGET_TRACKING | -",
            MONDAY_0930 + "         | 4000 | 10 | 30 | SCHEDULED       | capped at max 30 by schedule opening-hours (Mon–Fri 08:00–18:00 Europe/London, until 18:00)",
            // at night: capped at 3; the minimum is the service's own (the schedule does not set one)
            "2026-12-07T23:00:00Z   | 1000 | 2  | 3  | SCHEDULED       | capped at max 3 by schedule nights (daily 22:00–06:00 Europe/London, until Tue 2026-12-08 06:00)",
            "2026-12-07T23:00:00Z   | 0    | 2  | 1  | AT_MIN          | raised to min 1",
            // a pinned count: min = max = 4
            "2026-12-12T12:30:00Z   | 1000 | 2  | 4  | SCHEDULED       | capped at the pinned 4 by schedule launch (Sat 12:00–14:00 Europe/London, until 14:00)",
            "2026-12-12T12:30:00Z   | 0    | 2  | 4  | SCHEDULED       | raised to the pinned 4 by schedule launch (Sat 12:00–14:00 Europe/London, until 14:00)",
            // no schedule active: the service's own bounds
            "2026-12-07T19:00:00Z   | 2500 | 10 | 10 | AT_MAX          | capped at max 10",
            "2026-12-07T18:00:00Z   | 100  | 2  | 1  | TARGET_TRACKING | -",
    })
    void anActiveScheduleReplacesTheBoundsAndNamesItself(Instant now, double rps, int current, int to, Reason reason,
                                                        String note) {
        Decision d = new ServicePolicy(SETTINGS).decide(Snapshots.ok(rps, 0, now), tasks(current), now).decision();

        assertThat(d.to()).isEqualTo(to);
        assertThat(d.reason()).isEqualTo(reason);
        if (!note.equals("-")) {
            assertThat(d.message()).endsWith("; " + note + " (from " + current + ")");
        }
    }

    @Test
    void aHoldStillComesWithinTheSchedulesBounds() {
        Instant now = Instant.parse(MONDAY_0930);

        Decision d = new ServicePolicy(SETTINGS).decide(Snapshots.window(WindowState.UNKNOWN, 0, 0, now), tasks(2), now)
                .decision();

        assertThat(d.to()).isEqualTo(6);
        assertThat(d.reason()).isEqualTo(Reason.SCHEDULED);
        assertThat(d.message()).endsWith("; but 2 is outside [6, 30] (schedule opening-hours): raised to min 6 by schedule"
                + " opening-hours (Mon–Fri 08:00–18:00 Europe/London, until 18:00)");
    }

    /** The owner applies overrides after the policy: a pause or a pin wins over a schedule. */
    @ParameterizedTest(name = "pin at {0} in opening hours → {1}")
    @CsvSource({
            "2,  2",    // below the schedule's minimum 6: the pin wins
            "25, 25",   // above the service's own maximum 10, within the schedule's 30
            "40, 30",   // above both: the widest maximum
    })
    void anOperatorsPinWinsOverASchedule(int pin, int to) {
        Instant now = Instant.parse(MONDAY_0930);
        var policy = new ServicePolicy(SETTINGS).decide(Snapshots.ok(100, 0, now), tasks(2), now);
        ScheduledBounds pins = ScheduledBounds.forPins(1, 10, new Schedules(SETTINGS.schedules()), now);
        ServiceOverrides pinned = ServiceOverrides.none("iiif")
                .withPin(Optional.of(new Pin(pin, "bob", "load test", now.minusSeconds(60), now.plusSeconds(3600))));

        Decision d = OverrideRule.apply(policy, Optional.of(pinned), pins.minTasks(), pins.maxTasks(), now).decision();

        assertThat(policy.decision().reason()).isEqualTo(Reason.SCHEDULED);
        assertThat(d.to()).isEqualTo(to);
        assertThat(d.reason()).isEqualTo(Reason.PINNED);
        assertThat(d.message()).contains("the policy would set 2 → 6 (scheduled): ");
    }

    @Test
    void aPauseWinsOverASchedule() {
        Instant now = Instant.parse(MONDAY_0930);
        var policy = new ServicePolicy(SETTINGS).decide(Snapshots.ok(100, 0, now), tasks(2), now);
        ServiceOverrides paused = ServiceOverrides.none("iiif")
                .withPause(Optional.of(new Pause("alice", "incident 42", now.minusSeconds(60))));

        Decision d = OverrideRule.apply(policy, Optional.of(paused), 1, 30, now).decision();

        assertThat(d.to()).isEqualTo(2);
        assertThat(d.reason()).isEqualTo(Reason.PAUSED);
    }

    @Test
    void theOuterBoundsCoverEverySchedule() {
        ScheduledBounds outer = ScheduledBounds.outer(SETTINGS);

        assertThat(outer.minTasks()).isEqualTo(1);
        assertThat(outer.maxTasks()).isEqualTo(30);
    }
}
