package io.microscaler.schedule;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A service's schedules, and which one is active at an instant. At most one is: the configuration
 * refuses two that are ever active at once ({@link Overlaps}); should two still be (a leap day or a
 * time zone rule change beyond what the check covers), the first listed wins.
 *
 * <p>Which schedule is active changes only at a start or an end, so the answer is kept with the
 * span it holds for, {@code [at, until)}, and a tick inside that span costs one comparison. The
 * kept answer is a cache of a pure function (the same instant always gives the same answer), an
 * immutable value swapped whole, so any thread may ask.
 */
public final class Schedules {

    public static final Schedules NONE = new Schedules(List.of());

    private final List<Schedule> list;
    private volatile Answer answer;

    private record Answer(Instant at, Instant until, Optional<ActiveSchedule> active) {
        boolean holdsAt(Instant t) {
            return !t.isBefore(at) && t.isBefore(until);
        }
    }

    public Schedules(List<Schedule> list) {
        this.list = List.copyOf(list);
    }

    public List<Schedule> list() {
        return list;
    }

    public boolean isEmpty() {
        return list.isEmpty();
    }

    /** The schedule active at {@code now}, with its end; empty if none is. */
    public Optional<ActiveSchedule> activeAt(Instant now) {
        if (list.isEmpty()) {
            return Optional.empty();
        }
        Answer kept = answer;
        if (kept != null && kept.holdsAt(now)) {
            return kept.active();
        }
        Answer fresh = compute(now);
        answer = fresh;
        return fresh.active();
    }

    private Answer compute(Instant now) {
        Optional<ActiveSchedule> active = Optional.empty();
        Instant change = now.plusSeconds(86_400L * Schedule.SEARCH_DAYS);
        for (Schedule s : list) {
            Optional<Instant> next;
            if (s.activeAt(now)) {
                next = s.nextEnd(now);
                if (active.isEmpty()) {
                    active = Optional.of(new ActiveSchedule(s, next));
                }
            } else {
                next = s.nextStart(now);
            }
            if (next.isPresent() && next.get().isBefore(change)) {
                change = next.get();
            }
        }
        return new Answer(now, change, active);
    }
}
