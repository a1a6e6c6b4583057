package io.microscaler.tasks;

import java.time.Instant;
import java.util.Objects;

/**
 * Why tasks the service asked for did not become capacity: a RunTask {@code failures} entry (e.g.
 * {@code RESOURCE:MEMORY}: no instance has room, the cue for Fargate overflow), a task that stopped
 * before it was healthy, or a call that failed.
 *
 * @param reason ECS's failure reason ({@code RESOURCE:CPU}, {@code RESOURCE:MEMORY}, …) or one of
 *               {@link #TASK_STOPPED}, {@link #CALL_FAILED}, {@link #NO_TARGET}
 * @param detail what ECS or the SDK said, for people
 */
public record LaunchFailure(String reason, String detail, Instant at) {

    /** A task stopped before it was healthy (crashed, failed its health checks, stopped by someone). */
    public static final String TASK_STOPPED = "TASK_STOPPED";
    /** RunTask itself failed (after retries). */
    public static final String CALL_FAILED = "CALL_FAILED";
    /** A RUNNING task had no network binding for the configured container and port. */
    public static final String NO_TARGET = "NO_TARGET";

    public LaunchFailure {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(at, "at");
        detail = detail == null ? "" : detail;
    }

    /** ECS could not place the task for lack of CPU or memory: another launch type may fit it. */
    public boolean noRoom() {
        return reason.startsWith("RESOURCE:CPU") || reason.startsWith("RESOURCE:MEMORY");
    }

    @Override
    public String toString() {
        return reason + (detail.isEmpty() ? "" : " (" + detail + ")") + " at " + at;
    }
}
