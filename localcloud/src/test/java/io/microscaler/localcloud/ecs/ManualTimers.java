package io.microscaler.localcloud.ecs;

import io.microscaler.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;

/** Timers that fire only when a test moves the clock, in due order. */
final class ManualTimers implements Timers {

    private record Due(Instant at, long seq, Runnable action) {
    }

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final PriorityQueue<Due> queue = new PriorityQueue<>((a, b) ->
            a.at.equals(b.at) ? Long.compare(a.seq, b.seq) : a.at.compareTo(b.at));
    private long seq;

    @Override
    public void after(Duration delay, Runnable action) {
        queue.add(new Due(clock.instant().plus(delay), seq++, action));
    }

    /** Moves time forward by {@code by}, running everything due on the way. */
    void advance(Duration by) {
        Instant until = clock.instant().plus(by);
        while (!queue.isEmpty() && !queue.peek().at.isAfter(until)) {
            Due due = queue.poll();
            if (due.at.isAfter(clock.instant())) {
                clock.set(due.at);
            }
            due.action.run();
        }
        clock.set(until);
    }

    /** Runs what is due now (e.g. actions queued with {@link #soon}). */
    void runDue() {
        advance(Duration.ZERO);
    }
}
