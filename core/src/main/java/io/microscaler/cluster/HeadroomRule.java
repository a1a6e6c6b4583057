package io.microscaler.cluster;

import io.microscaler.cluster.CapacityAction.Hold;
import io.microscaler.cluster.CapacityAction.ScaleIn;
import io.microscaler.cluster.CapacityAction.ScaleOut;
import io.microscaler.cluster.CapacityAction.Why;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * When to grow or shrink the Auto Scaling group, from the schedulable-task headroom:
 * <pre>
 * launching = desired − instances joined           (desired: the one asked for, during the cooldown)
 * headroom + launching × per instance &lt; low  →  scale out by ceil((low − that) ÷ per instance), at least 1
 * headroom &gt; high                            →  scale in by the emptiest instance, if its tasks fit
 *                                                elsewhere and the headroom stays ≥ low
 * otherwise                                  →  hold
 * </pre>
 * Counting launching instances as headroom to come is what keeps one gap from being asked for
 * twice while instances boot. Scale-in waits: for launches to finish, for a draining instance to
 * leave, and for the cooldown; and it never lets the group choose (it would choose the oldest).
 *
 * <p>Example: largest task 1024 CPU / 1024 MiB, instances of 4096 / 7680 hold 4; low 1, high 5.
 * Two full instances: headroom 0 &lt; 1 → +1 instance (desired 2 → 3). Next tick, still 0, but 1
 * launching brings 4: hold. It joins: headroom 4, within [1, 5]: hold.
 */
public final class HeadroomRule {

    private static final Comparator<InstanceState> EMPTIEST = Comparator.comparingInt(InstanceState::runningTasks)
            .thenComparing(Comparator.comparingInt(InstanceState::freeMemoryMiB).reversed())
            .thenComparing(InstanceState::id);

    private final HeadroomSettings settings;

    public HeadroomRule(HeadroomSettings settings) {
        this.settings = settings;
    }

    public HeadroomSettings settings() {
        return settings;
    }

    /**
     * @param instances the cluster's container instances, ACTIVE and DRAINING (the group's members)
     * @param group     the group as last read
     * @param memory    what the last evaluation returned ({@link HeadroomMemory#EMPTY} at first)
     */
    public CapacityEvaluation evaluate(List<InstanceState> instances, GroupState group, HeadroomMemory memory, Instant now) {
        int perInstance = settings.tasksPerInstance();
        int headroom = Headroom.schedulableTasks(instances, settings.largest());
        boolean cooling = memory.lastScaling() != null && now.isBefore(memory.lastScaling().plus(settings.cooldown()));
        // A group read just after SetDesiredCapacity may not show it yet: within the cooldown, trust what was asked.
        int desired = cooling ? memory.askedDesired() : group.desired();
        int launching = Math.max(0, desired - instances.size());
        int coming = launching * perInstance;
        Evaluating e = new Evaluating(headroom, launching, memory);

        if (headroom + coming < settings.low()) {
            String gap = "headroom " + headroom + (launching > 0 ? " + " + coming + " from " + instances(launching)
                    + " launching" : "") + " < low " + settings.low();
            if (desired >= group.max()) {
                return e.hold(Why.AT_MAX, gap + ", but the group is at its maximum of " + instances(group.max()));
            }
            int needed = (settings.low() - headroom - coming + perInstance - 1) / perInstance;
            int add = Math.max(1, Math.min(needed, group.max() - desired));
            return e.act(new ScaleOut(add, desired + add, gap + " (largest task " + settings.largest() + ", "
                    + perInstance + " per instance): +" + instances(add) + ", desired " + desired + " → " + (desired + add)),
                    new HeadroomMemory(now, desired + add));
        }
        if (headroom < settings.low()) {
            return e.hold(Why.LAUNCHING, "headroom " + headroom + " < low " + settings.low() + ", but "
                    + instances(launching) + " launching " + (launching == 1 ? "brings " : "bring ") + coming);
        }
        if (headroom <= settings.high()) {
            return e.hold(Why.IN_BAND, "headroom " + headroom + " within [" + settings.low() + ", " + settings.high() + "]");
        }
        String above = "headroom " + headroom + " > high " + settings.high();
        if (launching > 0) {
            return e.hold(Why.LAUNCHING, above + ", but " + instances(launching) + " still launching");
        }
        Optional<InstanceState> draining = instances.stream().filter(InstanceState::draining).findFirst();
        if (draining.isPresent()) {
            return e.hold(Why.DRAINING, above + ", but " + draining.get().id() + " is still draining");
        }
        if (cooling) {
            return e.hold(Why.COOLDOWN, above + ", but the last scaling was less than "
                    + settings.cooldown().toSeconds() + " s ago");
        }
        if (desired <= group.min()) {
            return e.hold(Why.AT_MIN, above + ", but the group is at its minimum of " + instances(group.min()));
        }
        InstanceState emptiest = instances.stream().min(EMPTIEST).orElseThrow(); // headroom > high: some are ACTIVE
        return scaleIn(instances, emptiest, desired, above, e, now);
    }

    private CapacityEvaluation scaleIn(List<InstanceState> instances, InstanceState emptiest, int desired, String above,
                                       Evaluating e, Instant now) {
        Packing rest = Packing.of(instances);
        rest.remove(emptiest.id());
        List<PlacedTask> moving = emptiest.tasks().stream()
                .sorted(Comparator.comparingInt((PlacedTask t) -> t.size().memoryMiB()).reversed()).toList();
        for (PlacedTask task : moving) {
            Optional<Packing.Slot> to = rest.binpack(task.size());
            if (to.isEmpty()) {
                return e.hold(Why.UNSAFE_SCALE_IN, above + ", but the emptiest instance " + emptiest.id() + " holds task "
                        + task.taskId() + " of " + task.service() + " (" + task.size() + "), which fits on no other instance");
            }
            rest.place(to.get(), task);
        }
        int after = rest.headroom(settings.largest());
        String which = emptiest.id() + " (" + emptiest.runningTasks() + (emptiest.runningTasks() == 1 ? " task, " : " tasks, ") + emptiest.freeMemoryMiB() + " MiB free)";
        if (after < settings.low()) {
            return e.hold(Why.UNSAFE_SCALE_IN, above + ", but removing the emptiest instance " + which
                    + " would leave headroom " + after + " < low " + settings.low());
        }
        return e.act(new ScaleIn(emptiest.id(), desired - 1, above + ": remove the emptiest instance " + which
                + ", headroom " + after + " once its tasks have moved; desired " + desired + " → " + (desired - 1)),
                new HeadroomMemory(now, desired - 1));
    }

    /** What one evaluation saw, to build its result from. */
    private record Evaluating(int headroom, int launching, HeadroomMemory memory) {

        CapacityEvaluation hold(Why why, String message) {
            return new CapacityEvaluation(new Hold(why, message), headroom, launching, memory);
        }

        CapacityEvaluation act(CapacityAction action, HeadroomMemory next) {
            return new CapacityEvaluation(action, headroom, launching, next);
        }
    }

    private static String instances(int n) {
        return n + (n == 1 ? " instance" : " instances");
    }
}
