package io.microscaler.localcloud.ecs;

import java.time.Duration;

/**
 * The ECS emulation's only way to let time pass: Vert.x timers on the local cloud's context in the
 * running cloud, a manual queue in unit tests.
 */
public interface Timers {

    /** Runs {@code action} on the emulation's context after {@code delay}. */
    void after(Duration delay, Runnable action);

    /** Runs {@code action} on the emulation's context soon (e.g. when a future completed elsewhere). */
    default void soon(Runnable action) {
        after(Duration.ZERO, action);
    }
}
