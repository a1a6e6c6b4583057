package io.microscaler.actuate;

import io.microscaler.policy.Capacity;
import io.vertx.core.Future;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Where decisions are applied: the port the actuator drives. Implementations complete their
 * futures on the caller's context and never block it.
 *
 * <p>The contract that spares every target its own queue: the {@link ActuatorVerticle} calls
 * {@link #apply} and {@link #observe} for a service one at a time ({@link SerialOperations}), each
 * after the previous one has completed. A target may rely on that.
 */
public interface ScalingTarget {

    /** A short name for logs and metrics, e.g. {@code dry-run}, {@code ecs-service}. */
    String name();

    /** Asks for {@code desired} tasks of the service; completes with the counts read back after. */
    Future<Capacity> apply(String service, int desired);

    /** Reads the service's counts. */
    Future<Capacity> observe(String service);

    /**
     * Healthy tasks of the service as this target's last read found them (e.g. its load balancer's
     * healthy targets), for the status page and metrics; empty where the target cannot tell.
     */
    default OptionalInt lastHealthy(String service) {
        return OptionalInt.empty();
    }

    /**
     * What a failed apply or read of the service says is misconfigured (the service or its cluster
     * missing, access refused, the endpoint unreachable), for the log, {@code /health/ready} and
     * {@code /api/services}; empty for failures that are no such {@link Problem} (throttling, a bug).
     */
    default Optional<Problem> problem(String service, Throwable failure) {
        return Optional.empty();
    }

    /**
     * Whether this target changes nothing (shadow mode): {@link #apply} only reads, and the desired
     * count it reports is the real one, not the one asked for.
     */
    default boolean readOnly() {
        return false;
    }

    /**
     * Called once by the actuator on its context before any other call (e.g. to read what else scales
     * the services); the actuator starts when it completes.
     */
    default Future<Void> start() {
        return Future.succeededFuture();
    }

    /** Called once by the actuator when it stops, after which no call is made. */
    default Future<Void> stop() {
        return Future.succeededFuture();
    }

    /**
     * Why the service's decisions must not be applied now, though it can be read (another scaler
     * owns its count); empty when they may. The actuator drops its decisions and shows the problem.
     */
    default Optional<Problem> held(String service) {
        return Optional.empty();
    }

    /**
     * This instance no longer owns the service: forget what it last applied, so that nothing is
     * repaired towards it. Another instance's actuator holds the service now.
     */
    default void release(String service) {
    }
}
