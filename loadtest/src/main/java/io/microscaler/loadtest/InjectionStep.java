package io.microscaler.loadtest;

/**
 * One step of an open-model injection, in viewers (Gatling's virtual users) arriving per second.
 * Gatling-free, so profiles are built and tested without it; the simulation turns each step into
 * Gatling's own. {@code seconds} is always ≥ 1.
 */
public sealed interface InjectionStep {

    int seconds();

    /** Viewers arrive at a constant rate, at random (Poisson) moments. */
    record Constant(double usersPerSecond, int seconds) implements InjectionStep {
    }

    /** The arrival rate goes linearly from one rate to another. */
    record Ramp(double fromUsersPerSecond, double toUsersPerSecond, int seconds) implements InjectionStep {
    }

    /** Exactly {@code users} viewers, spread evenly over the step (for trace replay, where rates are small and exact counts matter). */
    record Users(int users, int seconds) implements InjectionStep {
    }

    /** Nobody arrives. */
    record Pause(int seconds) implements InjectionStep {
    }
}
