package io.microscaler.decision;

/**
 * Why a decision came out as it did: the last step of the pipeline that changed the count (or, for
 * a hold, the step that kept it). Whether it scales out, in or holds is read from {@code from} and
 * {@code to}. Written kebab-case on the wire ({@code SCALE_UP_LIMIT} → {@code scale-up-limit}).
 */
public enum Reason {
    /** A target-tracking recommendation (requests/s, concurrency or p95 latency per task), taken as it is. */
    TARGET_TRACKING,
    /** The metric is within the tolerance of its target: no change. */
    WITHIN_TOLERANCE,
    /** The panic window's recommendation won, or panic mode refused a scale-in. */
    PANIC,
    /** A step-scaling recommendation: a step of the breach added or removed tasks. */
    STEP,
    /** A demand recommendation: queue depth over drain capacity, or desired tasks as given. */
    DEMAND,
    /** Errors are above the guard: a scale-in was refused. */
    ERROR_GUARD,
    /** A scale-up was cut to what the scale-up rate limits allow in their period (or scale-up is disabled). */
    SCALE_UP_LIMIT,
    /** A scale-in was cut to what the scale-down rate limits allow in their period (or scale-down is disabled). */
    SCALE_DOWN_LIMIT,
    /** A higher count was recommended, but a lower one within the scale-up stabilisation window. */
    SCALE_UP_STABILISED,
    /** A lower count was recommended, but a higher one within the scale-down stabilisation window. */
    SCALE_DOWN_STABILISED,
    /** A change in this direction came too soon after the last scaling. */
    COOLDOWN,
    /** Raised to the service's minimum. */
    AT_MIN,
    /** Cut to the service's maximum. */
    AT_MAX,
    /**
     * Raised to, or cut to, the bound an active schedule sets in place of the service's own
     * ({@code schedules}); the message names the schedule, its window and until when.
     */
    SCHEDULED,
    /** The window is unknown or stale: hold, never scale in on silence. */
    INSUFFICIENT_DATA,
    /**
     * The service is idle (no requests, the pipeline live), but a log shipper heard from within the
     * stable span has gone silent: its requests may be missing, so no scale-in until it is back or
     * forgotten (one stable span after its last heartbeat).
     */
    SOURCE_SILENT,
    /** The window is being rebuilt after a takeover: decide nothing yet. */
    WARMING,
    /**
     * The stable window holds less than its span of data (after a start, or a rebuild that found
     * less history): no scale-in on a partial window, however quiet it looks.
     */
    WINDOW_FILLING,
    /**
     * A demand-driven worker scaled to zero ({@code minTasks: 0}) has work again: it starts at once,
     * past any scale-up stabilisation, cooldown or rate limit (a queue with no task drains never).
     */
    ACTIVATION,
    /** The current task count is not known yet: decide nothing. */
    CAPACITY_UNKNOWN,
    /**
     * The cluster planner held tasks back: the service wanted more, EC2 had no room, nothing of
     * lower priority could give way and Fargate is not allowed; the message names who holds the room.
     */
    CAPACITY_HELD_BACK,
    /** The cluster planner stopped tasks of this service so that a higher-priority service fits; the message names it. */
    DISPLACED,
    /** The cluster planner put tasks that found no EC2 room on Fargate (the service allows it). */
    FARGATE_OVERFLOW,
    /** An operator paused the service (admin API): nothing is set; the message says who, why and what the policy wanted. */
    PAUSED,
    /** An operator pinned the service at a count until an expiry (admin API); the message says who, why and until when. */
    PINNED
}
