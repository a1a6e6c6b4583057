package io.microscaler.capacity;

import io.microscaler.actuate.aws.ClusterView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Rebalance recommendations being acted on, the way EC2 Auto Scaling's capacity rebalancing does:
 * replacement capacity first, and the instance at risk drained only once its replacement has
 * joined the cluster, so its tasks move to room that is already there (ECS stops a draining
 * instance's service tasks only once their replacements run). Pure: the cluster as read in, what
 * to do out; the capacity verticle makes the calls.
 *
 * <p>Each recommendation claims one instance that joined after it: two instances at risk at once
 * wait for two replacements, not one.
 */
final class Rebalances {

    /**
     * @param activeBefore the cluster's active instances when the recommendation came: a replacement
     *                     is an active instance not among them
     */
    record Pending(String instanceId, Instant at, Set<String> activeBefore) {
    }

    private final Map<String, Pending> pending = new LinkedHashMap<>();

    /**
     * A recommendation for {@code instanceId}: true if it is new and the instance is active in the
     * cluster, so one more instance should be asked for now. An instance not in the cluster, already
     * draining or already recommended needs nothing.
     */
    boolean recommend(ClusterView view, String instanceId, Instant at) {
        Optional<ClusterView.Instance> instance = view.byEc2Id(instanceId);
        if (pending.containsKey(instanceId) || instance.isEmpty() || !instance.get().active()) {
            return false;
        }
        Set<String> active = new HashSet<>();
        view.instances().stream().filter(ClusterView.Instance::active).forEach(i -> active.add(i.ec2InstanceId()));
        pending.put(instanceId, new Pending(instanceId, at, Set.copyOf(active)));
        return true;
    }

    /**
     * The instances whose replacement has joined, to drain now; they are no longer pending. One that
     * left the cluster or is draining already (a spot warning, an operator) is forgotten.
     */
    List<ClusterView.Instance> readyToDrain(ClusterView view) {
        List<ClusterView.Instance> ready = new ArrayList<>();
        Set<String> claimed = new HashSet<>();
        for (Pending p : List.copyOf(pending.values())) {
            Optional<ClusterView.Instance> instance = view.byEc2Id(p.instanceId());
            if (instance.isEmpty() || !instance.get().active()) {
                pending.remove(p.instanceId());
                continue;
            }
            Optional<String> replacement = view.instances().stream()
                    .filter(ClusterView.Instance::active)
                    .map(ClusterView.Instance::ec2InstanceId)
                    .filter(id -> !p.activeBefore().contains(id) && !claimed.contains(id))
                    .findFirst();
            if (replacement.isPresent()) {
                claimed.add(replacement.get());
                pending.remove(p.instanceId());
                ready.add(instance.get());
            }
        }
        return ready;
    }

    boolean isPending(String instanceId) {
        return pending.containsKey(instanceId);
    }

    /** A spot warning overtook the recommendation: the instance is drained at once instead. */
    void forget(String instanceId) {
        pending.remove(instanceId);
    }

    boolean any() {
        return !pending.isEmpty();
    }
}
