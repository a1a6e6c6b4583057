package io.microscaler.window;

/** What a window did with an event. */
public enum RecordOutcome {
    RECORDED,
    /** Older than the ring: counted and dropped. */
    LATE,
    /** Further ahead of the clock than the window's {@code maxFutureSkew}: refused, the window unchanged. */
    AHEAD
}
