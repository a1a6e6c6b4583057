package io.microscaler.decision;

/**
 * Why a decision came out as it did: the last step that shaped it. Whether it scales out, in or
 * holds is read from {@code from} and {@code to}.
 */
public enum Reason {
    /** The metric's desired count, taken as it is. */
    TARGET_TRACKING,
    /** The metric is within the tolerance of its target: no change. */
    WITHIN_TOLERANCE,
    /** Raised to the service's minimum. */
    BOUNDED_BY_MIN,
    /** Cut to the service's maximum. */
    BOUNDED_BY_MAX,
    /** A lower count was recommended, but a higher one was recommended within the scale-down stabilisation window. */
    SCALE_DOWN_STABILISED,
    /** The window is unknown or stale: hold, never scale in on silence. */
    INSUFFICIENT_DATA,
    /** The window is being rebuilt after a takeover: decide nothing yet. */
    WARMING,
    /** The current task count is not known yet: decide nothing. */
    CAPACITY_UNKNOWN
}
