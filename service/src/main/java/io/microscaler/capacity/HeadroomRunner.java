package io.microscaler.capacity;

import io.microscaler.actuate.aws.ClusterView;
import io.microscaler.cluster.CapacityAction;
import io.microscaler.cluster.CapacityEvaluation;
import io.microscaler.cluster.GroupState;
import io.microscaler.cluster.HeadroomMemory;
import io.microscaler.cluster.HeadroomRule;
import io.microscaler.cluster.InstanceState;
import io.microscaler.cluster.PlacedTask;
import io.microscaler.cluster.TaskSize;
import java.time.Instant;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Runs the pure {@link HeadroomRule} on the cluster as AWS describes it, carrying the rule's
 * memory from one round to the next. Use from one context (the capacity verticle's).
 */
public final class HeadroomRunner implements BiFunction<ClusterView, Instant, CapacityAction> {

    private final HeadroomRule rule;
    private HeadroomMemory memory = HeadroomMemory.EMPTY;
    private volatile CapacityEvaluation last;

    public HeadroomRunner(HeadroomRule rule) {
        this.rule = rule;
    }

    /** The last evaluation (headroom, launching instances), for metrics and status; null before the first. */
    public CapacityEvaluation last() {
        return last;
    }

    @Override
    public CapacityAction apply(ClusterView view, Instant now) {
        if (view.group().isEmpty()) {
            return new CapacityAction.Hold(CapacityAction.Why.IN_BAND, "no Auto Scaling group to scale");
        }
        var group = view.group().get();
        if (memory == HeadroomMemory.EMPTY) {
            // Start-up counts as a scaling: no scale-in for one cooldown, while the services' first
            // tasks are still being asked for (an empty cluster read at start is not a surplus).
            memory = new HeadroomMemory(now, group.desired());
        }
        CapacityEvaluation evaluation = rule.evaluate(instances(view), new GroupState(group.desired(), group.min(), group.max()),
                memory, now);
        memory = evaluation.next();
        last = evaluation;
        return evaluation.action();
    }

    /** ACTIVE and DRAINING instances, as the rule reads them; INACTIVE ones are leaving the cluster. */
    static List<InstanceState> instances(ClusterView view) {
        return view.instances().stream()
                .filter(i -> i.active() || "DRAINING".equals(i.status()))
                .map(i -> new InstanceState(i.ec2InstanceId(), i.registeredCpu(), i.registeredMemoryMiB(),
                        clamp(i.remainingCpu(), i.registeredCpu()), clamp(i.remainingMemoryMiB(), i.registeredMemoryMiB()),
                        i.placed().stream().map(t -> new PlacedTask(t.taskArn(), t.service().orElse(""),
                                new TaskSize(Math.max(1, t.cpu()), Math.max(1, t.memoryMiB())))).toList(),
                        !i.active()))
                .toList();
    }

    private static int clamp(int free, int registered) {
        return Math.max(0, Math.min(free, registered));
    }
}
