package io.microscaler.evaluate;

/**
 * When an owner's next tick falls: {@link #LAG_MS} after the next whole multiple of the tick on the
 * clock (…:01.020, …:02.020 for a 1 s tick).
 *
 * <p>Why: a window reads whole seconds only, so an event counts once its second has ended. A tick at
 * an arbitrary phase of the second (say .770) decides on a second 770 ms after it ended, and the
 * time from an event to its decision is then up to 1.77 s; ticking just after the second ends makes
 * it at most about 1.02 s (BENCHMARKS.md, decision latency). The 20 ms let the second's last events
 * arrive through Kafka. Computed afresh for every tick, so the ticks follow the clock, not the timer's
 * drift.
 */
public final class TickAlignment {

    /** How long after a whole multiple of the tick each tick falls. */
    static final long LAG_MS = 20;

    /** Milliseconds from {@code nowMillis} to the first aligned tick: in [1, period]. */
    public static long firstDelayMillis(long nowMillis, long periodMillis) {
        return periodMillis - Math.floorMod(nowMillis - LAG_MS, periodMillis);
    }

    /**
     * Milliseconds from {@code nowMillis}, just after a tick, to the next aligned tick: at least a
     * quarter period, so a timer that fired a little early (the timer runs on its own clock) or a
     * tick that ran late does not tick again at once.
     */
    public static long nextDelayMillis(long nowMillis, long periodMillis) {
        long delay = firstDelayMillis(nowMillis, periodMillis);
        return delay < periodMillis / 4 ? delay + periodMillis : delay;
    }

    private TickAlignment() {
    }
}
