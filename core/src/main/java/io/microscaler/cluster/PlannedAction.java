package io.microscaler.cluster;

import java.util.Objects;

/** One step of an {@link Allocation}: start a task of a service somewhere, or stop a given task. */
public sealed interface PlannedAction permits PlannedAction.Start, PlannedAction.Stop {

    String service();

    Location where();

    /**
     * Start one task. On EC2, {@code where} is the instance binpack on memory chooses in the
     * planner's simulation, which a RunTask with that placement strategy reproduces.
     */
    record Start(String service, Location where, TaskSize size) implements PlannedAction {

        public Start {
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(where, "where");
        }
    }

    /** Stop this task, for this cause. */
    record Stop(String service, String taskId, Location where, StopCause cause) implements PlannedAction {

        public Stop {
            Objects.requireNonNull(service, "service");
            Objects.requireNonNull(taskId, "taskId");
            Objects.requireNonNull(where, "where");
            Objects.requireNonNull(cause, "cause");
        }

        /** Whether it waits until the service's new tasks are healthy (replace, then stop). */
        public boolean afterReplacement() {
            return !cause.makesRoom();
        }
    }

    /** Why a task is stopped. */
    enum StopCause {
        /** The service wants fewer tasks (Fargate ones go first). */
        SCALE_IN,
        /** It gives way to a higher-priority service that does not fit otherwise. */
        DISPLACED,
        /** A Fargate overflow task whose EC2 replacement is starting: stop it once that is healthy. */
        REPLACED_ON_EC2,
        /** Its instance is draining: stop it once its replacement (if any) is healthy. */
        INSTANCE_DRAINING;

        /** Stops that free room for the starts of the same plan, so go before them. */
        public boolean makesRoom() {
            return this == SCALE_IN || this == DISPLACED;
        }
    }
}
