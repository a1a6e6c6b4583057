package io.microscaler.cluster;

import java.util.List;
import java.util.Optional;

/**
 * The planner's answer: a grant per service (highest priority first) and the actions that carry it
 * out, in order: stops that make room, then starts, then stops that wait for their replacement
 * ({@link PlannedAction.Stop#afterReplacement()}).
 */
public record Allocation(List<Grant> grants, List<PlannedAction> actions) {

    public Allocation {
        grants = List.copyOf(grants);
        actions = List.copyOf(actions);
    }

    public Optional<Grant> grant(String service) {
        return grants.stream().filter(g -> g.service().equals(service)).findFirst();
    }

    public List<PlannedAction.Stop> stops() {
        return actions.stream().filter(a -> a instanceof PlannedAction.Stop).map(a -> (PlannedAction.Stop) a).toList();
    }

    public List<PlannedAction.Start> starts() {
        return actions.stream().filter(a -> a instanceof PlannedAction.Start).map(a -> (PlannedAction.Start) a).toList();
    }
}
