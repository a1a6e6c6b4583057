package io.microscaler.actuate;

import io.microscaler.policy.Capacity;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies nothing and records everything: each service acts as if every request for tasks were
 * met at once. For trying microscaler on real traffic before it touches anything.
 * Used from the actuator's context only.
 */
public final class DryRunTarget implements ScalingTarget {

    /** One call of {@link #apply}, for the API and tests. */
    public record Applied(String service, int desired) {
    }

    private final Map<String, Integer> initialCounts;
    private final Map<String, Integer> counts = new HashMap<>();
    private final List<Applied> applied = new ArrayList<>();

    /** @param initialCounts what each service starts from (services' {@code initialTasks}) */
    public DryRunTarget(Map<String, Integer> initialCounts) {
        this.initialCounts = Map.copyOf(initialCounts);
    }

    /** The target's name in logs and metrics. */
    public static final String NAME = "dry-run";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Future<Capacity> apply(String service, int desired) {
        counts.put(service, desired);
        applied.add(new Applied(service, desired));
        return Future.succeededFuture(new Capacity(desired, desired, 0));
    }

    @Override
    public Future<Capacity> observe(String service) {
        Integer count = counts.getOrDefault(service, initialCounts.get(service));
        if (count == null) {
            return Future.failedFuture(new IllegalArgumentException("service '" + service + "' is not configured"));
        }
        return Future.succeededFuture(new Capacity(count, count, 0));
    }

    public List<Applied> applied() {
        return List.copyOf(applied);
    }
}
