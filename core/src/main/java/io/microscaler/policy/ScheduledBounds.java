package io.microscaler.policy;

import io.microscaler.decision.Reason;
import io.microscaler.schedule.ActiveSchedule;
import io.microscaler.schedule.Schedule;
import io.microscaler.schedule.Schedules;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The bounds in force at an instant: the service's own {@code [minTasks, maxTasks]}, or, while one
 * of its schedules is active, that schedule's bound on each side it sets (a schedule that sets only
 * {@code minTasks} keeps the service's {@code maxTasks}). The one place the rule lives: the policy's
 * bounds step, its bounded holds and the status all read it from here.
 *
 * @param schedule the active schedule, if any
 */
public record ScheduledBounds(int minTasks, int maxTasks, Optional<ActiveSchedule> schedule) {

    public static ScheduledBounds at(ServicePolicySettings settings, Schedules schedules, Instant now) {
        Optional<ActiveSchedule> active = schedules.activeAt(now);
        if (active.isEmpty()) {
            return new ScheduledBounds(settings.minTasks(), settings.maxTasks(), active);
        }
        Schedule s = active.get().schedule();
        return new ScheduledBounds(s.minTasks(settings.minTasks()), s.maxTasks(settings.maxTasks()), active);
    }

    /**
     * The widest bounds the service can have: its own and every schedule's. What the actuator holds a
     * count to as its last line of defence, since any of them may be in force when a count is sent.
     */
    public static ScheduledBounds outer(ServicePolicySettings settings) {
        int min = settings.minTasks();
        int max = settings.maxTasks();
        for (Schedule s : settings.schedules()) {
            min = Math.min(min, s.minTasks(settings.minTasks()));
            max = Math.max(max, s.maxTasks(settings.maxTasks()));
        }
        return new ScheduledBounds(min, max, Optional.empty());
    }

    /**
     * Where an operator's pin may put the count at {@code now}: anywhere the service's own bounds or
     * the active schedule's allow. A pin wins over a schedule (a pin at 2 while a schedule holds at
     * least 6 sets 2), and may use the room a schedule opened (a pin at 40 while a schedule allows 50).
     */
    public static ScheduledBounds forPins(int ownMin, int ownMax, Schedules schedules, Instant now) {
        Optional<ActiveSchedule> active = schedules.activeAt(now);
        if (active.isEmpty()) {
            return new ScheduledBounds(ownMin, ownMax, active);
        }
        Schedule s = active.get().schedule();
        return new ScheduledBounds(Math.min(ownMin, s.minTasks(ownMin)), Math.max(ownMax, s.maxTasks(ownMax)), active);
    }

    /**
     * The count within these bounds, with {@link Reason#SCHEDULED} when the bound that changed it is
     * the schedule's, else {@link Reason#AT_MIN} or {@link Reason#AT_MAX}.
     */
    public TaskBounds.Bounded clamp(int count) {
        TaskBounds.Bounded bounded = TaskBounds.clamp(count, minTasks, maxTasks);
        if (bounded.changed() && fromSchedule(bounded.reason())) {
            return new TaskBounds.Bounded(bounded.count(), Reason.SCHEDULED);
        }
        return bounded;
    }

    /**
     * What the bound did, for the decision's message: {@code raised to min 1}, {@code capped at max 10},
     * or {@code raised to min 6 by schedule opening-hours (Mon–Fri 08:00–18:00 Europe/London, until 18:00)}.
     */
    public String note(int from, TaskBounds.Bounded bounded, Instant now) {
        boolean raised = bounded.count() > from;
        boolean pins = schedule.isPresent() && schedule.get().schedule().pins() && bounded.reason() == Reason.SCHEDULED;
        String what = raised ? (pins ? "raised to the pinned " : "raised to min ") + minTasks
                : (pins ? "capped at the pinned " : "capped at max ") + maxTasks;
        if (bounded.reason() != Reason.SCHEDULED) {
            return what;
        }
        ActiveSchedule s = schedule.get();
        return what + " by schedule " + s.name() + " (" + s.describe(now) + ")";
    }

    /** {@code [6, 20]}, and {@code by schedule opening-hours} while one is active. */
    public String range() {
        return "[" + minTasks + ", " + maxTasks + "]" + schedule.map(s -> " (schedule " + s.name() + ")").orElse("");
    }

    private boolean fromSchedule(Reason side) {
        if (schedule.isEmpty()) {
            return false;
        }
        Schedule s = schedule.get().schedule();
        return side == Reason.AT_MIN ? s.minTasks().isPresent() : s.maxTasks().isPresent();
    }

    /** The schedules of a service as its settings list them. */
    public static Schedules of(List<Schedule> schedules) {
        return schedules.isEmpty() ? Schedules.NONE : new Schedules(schedules);
    }
}
