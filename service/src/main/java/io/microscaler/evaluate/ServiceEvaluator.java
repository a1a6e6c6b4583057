package io.microscaler.evaluate;

import io.microscaler.decision.Decision;
import io.microscaler.decision.Reason;
import io.microscaler.policy.Capacity;
import io.microscaler.policy.Evaluation;
import io.microscaler.override.OverrideRule;
import io.microscaler.override.ServiceOverrides;
import io.microscaler.policy.ScalingPolicy;
import io.microscaler.policy.ScheduledBounds;
import io.microscaler.schedule.Schedules;
import io.microscaler.window.WindowSnapshot;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * One tick for one service: window snapshot → policy → decision, and whether that decision is
 * worth publishing. Plain code, driven by the ingest verticle's timer.
 *
 * <p>Publishing every evaluation would put one message per service per second on the audit topic
 * and say nothing. A decision is published when it changes the count, or when it holds for a
 * reason an operator must see (no data, warming, stabilising…) that differs from the last one
 * published: the audit log then reads as a list of state changes.
 */
public final class ServiceEvaluator {

    /**
     * Holds an operator must see: the policy would move but something keeps it (no data, warming,
     * stabilising, panicking, the error guard, a cooldown, a rate limit, a bound). Holds because the
     * load is where it should be (target tracking, within tolerance) are the quiet normal.
     */
    private static final Set<Reason> NOTEWORTHY_HOLDS = EnumSet.of(
            Reason.INSUFFICIENT_DATA, Reason.WARMING, Reason.CAPACITY_UNKNOWN, Reason.SOURCE_SILENT,
            Reason.SCALE_UP_STABILISED, Reason.SCALE_DOWN_STABILISED, Reason.PANIC, Reason.ERROR_GUARD,
            Reason.COOLDOWN, Reason.SCALE_UP_LIMIT, Reason.SCALE_DOWN_LIMIT, Reason.AT_MIN, Reason.AT_MAX, Reason.SCHEDULED,
            Reason.PAUSED, Reason.PINNED);

    private final Map<String, ScalingPolicy> policies;
    private final Function<String, Optional<ServiceOverrides>> overrides;
    private final Map<String, Bounds> bounds;

    /**
     * A service's task bounds and schedules: a pin is clamped into the own bounds widened by the
     * active schedule's ({@link ScheduledBounds#forPins}), so a pin wins over a schedule.
     */
    public record Bounds(int minTasks, int maxTasks, Schedules schedules) {

        public Bounds(int minTasks, int maxTasks) {
            this(minTasks, maxTasks, Schedules.NONE);
        }
    }

    /** Without operators' overrides. */
    public ServiceEvaluator(Map<String, ScalingPolicy> policies) {
        this(policies, service -> Optional.empty(), Map.of());
    }

    /**
     * @param overrides each service's pause and pin as this instance knows them (the admin topic),
     *                  applied to the policy's evaluation by {@link OverrideRule} with the tick's now
     * @param bounds    each service's bounds, for pins
     */
    public ServiceEvaluator(Map<String, ScalingPolicy> policies, Function<String, Optional<ServiceOverrides>> overrides,
                            Map<String, Bounds> bounds) {
        this.policies = Map.copyOf(policies);
        this.overrides = overrides;
        this.bounds = Map.copyOf(bounds);
    }

    /**
     * Evaluates the service and updates what its owner remembers.
     *
     * @return the numbered decision to publish, or null if there is nothing worth publishing
     */
    public Decision evaluate(OwnedService service, Instant now) {
        WindowSnapshot snapshot = service.window().snapshot(now);
        if (!service.lookedUpBy(this)) {
            service.lookedUp(this, policies.get(snapshot.service()), bounds.get(snapshot.service()));
        }
        ScalingPolicy policy = service.policy();
        if (policy == null) {
            return null; // not a scaled service; the ingest layer does not create these
        }
        Evaluation evaluation = policy.decide(snapshot, service.state(), now);
        Bounds b = service.bounds();
        if (b != null) {
            ScheduledBounds pins = ScheduledBounds.forPins(b.minTasks(), b.maxTasks(), b.schedules(), now);
            evaluation = OverrideRule.apply(evaluation, overrides.apply(snapshot.service()), pins.minTasks(), pins.maxTasks(), now);
        }
        Decision decision = evaluation.decision();
        service.state(service.state().withMemory(evaluation.next()));
        service.evaluated(decision, snapshot, service.window().newestSecondRequests(now));
        if (!worthPublishing(decision, service.lastPublished())) {
            return null;
        }
        if (decision.changesCount()) {
            // Ask for it now; the actuator's read-back corrects this if it does not happen.
            Capacity c = service.state().capacity();
            int running = c == null ? 0 : c.running();
            int pending = c == null ? 0 : c.pending();
            service.state(service.state().withCapacity(new Capacity(decision.to(), running, pending)));
        }
        return service.publish(decision);
    }

    static boolean worthPublishing(Decision decision, Decision lastPublished) {
        if (decision.changesCount()) {
            return true;
        }
        if (!NOTEWORTHY_HOLDS.contains(decision.reason())) {
            return false;
        }
        return lastPublished == null || lastPublished.reason() != decision.reason()
                || lastPublished.to() != decision.to();
    }
}
