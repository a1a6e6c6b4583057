package io.microscaler.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One scheduled window of a service (AWS scheduled actions, KEDA's cron scaler): from each
 * {@code start} occurrence to the next {@code end} occurrence, in {@code zone}'s local time, the
 * service's bounds are replaced by the schedule's. Active at {@code t} iff the latest start at or
 * before {@code t} is later than the latest end at or before {@code t}; a start and an end at the
 * same instant leave it inactive (the end wins).
 *
 * @param minTasks the minimum while active, or empty to keep the service's own
 * @param maxTasks the maximum while active, or empty to keep the service's own
 */
public record Schedule(String name, Cron start, Cron end, ZoneId zone, OptionalInt minTasks, OptionalInt maxTasks) {

    /**
     * How far a search for an occurrence reaches, either way: 8 years and a day. Cron has no year
     * field, so every expression that ever fires fires within that (a leap day, 29 February, comes
     * back within 8 years even across 2100, which is not a leap year).
     */
    public static final int SEARCH_DAYS = 8 * 366 + 1;

    public Schedule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(minTasks, "minTasks");
        Objects.requireNonNull(maxTasks, "maxTasks");
        if (minTasks.isEmpty() && maxTasks.isEmpty()) {
            throw new IllegalArgumentException("minTasks or maxTasks must be set: a schedule sets a bound");
        }
        if (minTasks.isPresent() && maxTasks.isPresent() && minTasks.getAsInt() > maxTasks.getAsInt()) {
            throw new IllegalArgumentException("minTasks must be <= maxTasks (" + maxTasks.getAsInt() + "), but was "
                    + minTasks.getAsInt());
        }
    }

    /** A schedule that pins the count: min = max = {@code tasks}. */
    public static Schedule pinned(String name, Cron start, Cron end, ZoneId zone, int tasks) {
        return new Schedule(name, start, end, zone, OptionalInt.of(tasks), OptionalInt.of(tasks));
    }

    public boolean pins() {
        return minTasks.isPresent() && minTasks.equals(maxTasks);
    }

    public int minTasks(int own) {
        return minTasks.orElse(own);
    }

    public int maxTasks(int own) {
        return maxTasks.orElse(own);
    }

    public boolean activeAt(Instant t) {
        Optional<Instant> started = start.latestAtOrBefore(t, zone, SEARCH_DAYS);
        if (started.isEmpty()) {
            return false;
        }
        Optional<Instant> ended = end.latestAtOrBefore(t, zone, SEARCH_DAYS);
        return ended.isEmpty() || started.get().isAfter(ended.get());
    }

    /** Where an active window began: the latest start at or before {@code t} (call only while active). */
    Instant since(Instant t) {
        return start.latestAtOrBefore(t, zone, SEARCH_DAYS).orElseThrow();
    }

    /** The next end after {@code t}, or empty if it never ends. */
    public Optional<Instant> nextEnd(Instant t) {
        return end.nextAfter(t, zone, SEARCH_DAYS);
    }

    /**
     * The next instant after {@code t} at which the schedule becomes active: a start that is not also an
     * end. Steps over starts that coincide with ends, which is one step per coinciding start: a start
     * that always coincides (the same expression as the end) is answered at once.
     */
    public Optional<Instant> nextStart(Instant t) {
        if (start.equals(end)) {
            return Optional.empty();
        }
        Optional<Instant> s = start.nextAfter(t, zone, SEARCH_DAYS);
        while (s.isPresent() && end.firesAt(s.get(), zone)) {
            if (Duration.between(t, s.get()).toDays() > SEARCH_DAYS) {
                return Optional.empty();
            }
            s = start.nextAfter(s.get(), zone, SEARCH_DAYS);
        }
        return s;
    }

    /**
     * The window in words, for messages: {@code Mon–Fri 08:00–18:00 Europe/London} when start and end are
     * each one time of day on the same days, else the two expressions and the zone.
     */
    public String describe() {
        Optional<String> from = start.timeOfDay();
        Optional<String> to = end.timeOfDay();
        if (from.isPresent() && to.isPresent() && start.dayFields().equals(end.dayFields())) {
            return start.days() + " " + from.get() + "–" + to.get() + " " + zone.getId();
        }
        return "'" + start + "' to '" + end + "' " + zone.getId();
    }
}
