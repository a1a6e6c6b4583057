package io.microscaler.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Checks on a service's schedules that the configuration makes at start: whether a schedule is ever
 * active, and the first instant two are active at once. Each schedule is walked window by window
 * ({@code [start, end)}, one occurrence search each), never minute by minute, and two schedules'
 * windows are merged like two sorted lists: a pair of hourly schedules over 400 days is ~10,000
 * windows each, a few milliseconds.
 */
public final class Overlaps {

    /** How far ahead overlaps are looked for: a year and a bit, so every yearly date is seen once. */
    public static final Duration HORIZON = Duration.ofDays(400);

    private Overlaps() {
    }

    /** One active window {@code [from, until)}; {@code until} is null when it never ends. */
    record Window(Instant from, Instant until) {
        boolean overlaps(Window o) {
            return (o.until == null || from.isBefore(o.until)) && (until == null || o.from.isBefore(until));
        }

        boolean endsBefore(Window o) {
            return until != null && (o.until == null || until.isBefore(o.until));
        }
    }

    /** The first window of {@code s} that is in force at or after {@code from}; empty if none starts by {@code limit}. */
    static Optional<Window> first(Schedule s, Instant from, Instant limit) {
        if (s.activeAt(from)) {
            return Optional.of(new Window(s.since(from), s.nextEnd(from).orElse(null)));
        }
        return after(s, from, limit);
    }

    /** The next window starting after {@code t} and by {@code limit}. */
    static Optional<Window> after(Schedule s, Instant t, Instant limit) {
        Optional<Instant> start = s.nextStart(t).filter(at -> !at.isAfter(limit));
        return start.map(at -> new Window(at, s.nextEnd(at).orElse(null)));
    }

    /** When {@code s} is next active from {@code from} on (now, if it is), within {@link Schedule#SEARCH_DAYS}. */
    public static Optional<Instant> firstActive(Schedule s, Instant from) {
        return first(s, from, from.plus(Duration.ofDays(Schedule.SEARCH_DAYS))).map(w -> w.from().isBefore(from) ? from : w.from());
    }

    /**
     * The first instant at or after {@code from}'s windows at which both are active, looking
     * {@link #HORIZON} ahead; a pair active at {@code from} already overlaps since the later of
     * their starts.
     */
    public static Optional<Instant> firstOverlap(Schedule a, Schedule b, Instant from) {
        Instant limit = from.plus(HORIZON);
        Optional<Window> wa = first(a, from, limit);
        Optional<Window> wb = first(b, from, limit);
        while (wa.isPresent() && wb.isPresent()) {
            Window x = wa.get();
            Window y = wb.get();
            if (x.overlaps(y)) {
                return Optional.of(x.from().isAfter(y.from()) ? x.from() : y.from());
            }
            if (x.endsBefore(y)) {
                wa = after(a, x.until(), limit);
            } else {
                wb = after(b, y.until(), limit);
            }
        }
        return Optional.empty();
    }
}
