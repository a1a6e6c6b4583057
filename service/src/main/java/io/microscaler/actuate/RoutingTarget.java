package io.microscaler.actuate;

import io.microscaler.policy.Capacity;
import io.vertx.core.Future;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Sends each service to its own target, the rest to a default one: so services in ECS service
 * mode and services in task mode are driven by one actuator. Holds no state of its own; each
 * target keeps its own rules (e.g. one context).
 */
public final class RoutingTarget implements ScalingTarget {

    private final ScalingTarget fallback;
    private final Map<String, ScalingTarget> routes;
    private final String name;

    /** @param routes by service id; services not listed go to {@code fallback} */
    public RoutingTarget(ScalingTarget fallback, Map<String, ScalingTarget> routes) {
        this.fallback = fallback;
        this.routes = Map.copyOf(routes);
        Set<String> names = new LinkedHashSet<>();
        names.add(fallback.name());
        routes.values().forEach(t -> names.add(t.name()));
        this.name = String.join("+", names);
    }

    /** The targets' names, e.g. {@code ecs-service+ecs-tasks}. */
    @Override
    public String name() {
        return name;
    }

    @Override
    public Future<Capacity> apply(String service, int desired) {
        return targetOf(service).apply(service, desired);
    }

    @Override
    public Future<Capacity> observe(String service) {
        return targetOf(service).observe(service);
    }

    /** Where the service's decisions go. */
    @Override
    public java.util.OptionalInt lastHealthy(String service) {
        return targetOf(service).lastHealthy(service);
    }

    @Override
    public java.util.Optional<Problem> problem(String service, Throwable failure) {
        return targetOf(service).problem(service, failure);
    }

    @Override
    public void release(String service) {
        targetOf(service).release(service);
    }

    public ScalingTarget targetOf(String service) {
        return routes.getOrDefault(service, fallback);
    }
}
