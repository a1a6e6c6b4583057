package io.microscaler.override;

import io.microscaler.decision.Decision;
import io.microscaler.decision.Reason;
import io.microscaler.policy.Evaluation;
import io.microscaler.policy.PolicyMemory;
import io.microscaler.policy.TaskBounds;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What an owner publishes for a service with overrides, given what its policy decided at {@code now}:
 * <ul>
 *   <li><b>paused</b>: a hold at the current count, reason {@code paused}, saying who paused it, why,
 *       and what the policy would have done: {@code paused by alice: incident 42 (since …); the policy
 *       would set 3 → 5: rps 512.0 …}. A pause wins over a pin: paused means nothing is set.</li>
 *   <li><b>pinned</b> (until its expiry): the pinned count within [min, max], reason {@code pinned}:
 *       {@code pinned at 6 by bob until 12:30:00Z: deploy; the policy would hold at 4: …}.</li>
 *   <li>otherwise, or once the pin has expired: the policy's decision as it is.</li>
 * </ul>
 * While the count is unknown (a hold for {@code capacity-unknown}) the policy's hold goes out as it
 * is: a pin is set once there is a count to change, a pause has nothing to hold yet.
 *
 * <p>The policy's memory keeps its own recommendations (its stabilisation goes on from what it
 * wanted), but its record of scalings is corrected to what was published: a cooldown or rate limit
 * must count the changes that happened, not the ones a pause refused.
 */
public final class OverrideRule {

    public static final String POLICY = "admin";

    /**
     * @param evaluation what the service's policy decided at {@code now}, with its next memory
     * @param overrides  the service's overrides, or empty
     * @param minTasks   the service's bounds: a pin is clamped into them
     */
    public static Evaluation apply(Evaluation evaluation, Optional<ServiceOverrides> overrides, int minTasks,
                                   int maxTasks, Instant now) {
        Decision policy = evaluation.decision();
        if (overrides.isEmpty() || policy.reason() == Reason.CAPACITY_UNKNOWN) {
            return evaluation;
        }
        ServiceOverrides o = overrides.get();
        Decision decision;
        if (o.pause().isPresent()) {
            Pause p = o.pause().get();
            decision = new Decision(policy.service(), now, 0, policy.from(), policy.from(), POLICY, Reason.PAUSED,
                    "paused by " + p.by() + ": " + p.reason() + " (since " + p.at() + "); " + policyWould(policy),
                    policy.inputs(), policy.recommendations());
        } else {
            Optional<Pin> pin = o.pinAt(now);
            if (pin.isEmpty()) {
                return evaluation;
            }
            Pin p = pin.get();
            TaskBounds.Bounded bounded = TaskBounds.clamp(p.count(), minTasks, maxTasks);
            String clamp = bounded.changed() ? " (asked " + p.count() + ", "
                    + (bounded.reason() == Reason.AT_MIN ? "raised to min " + minTasks : "capped at max " + maxTasks) + ")" : "";
            decision = new Decision(policy.service(), now, 0, policy.from(), bounded.count(), POLICY, Reason.PINNED,
                    "pinned at " + bounded.count() + clamp + " by " + p.by() + " until " + p.until() + ": " + p.reason()
                            + "; " + policyWould(policy), policy.inputs(), policy.recommendations());
        }
        return new Evaluation(decision, scalingsAsPublished(evaluation.next(), decision, now));
    }

    /** {@code the policy would set 3 → 5: …} or {@code the policy would hold at 3 (within-tolerance): …}. */
    static String policyWould(Decision policy) {
        String what = policy.changesCount() ? "the policy would set " + policy.from() + " → " + policy.to()
                : "the policy would hold at " + policy.to();
        return what + " (" + policy.reason().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + "): "
                + policy.message();
    }

    /** The memory with this evaluation's scaling (if any) replaced by the published one's. */
    private static PolicyMemory scalingsAsPublished(PolicyMemory next, Decision published, Instant now) {
        List<PolicyMemory.Scaling> scalings = new ArrayList<>(next.scalings());
        scalings.removeIf(s -> s.at().equals(now));
        if (published.changesCount()) {
            scalings.add(new PolicyMemory.Scaling(now, published.from(), published.to()));
        }
        return new PolicyMemory(next.recommended(), scalings, next.panic(), next.lastStarting());
    }

    private OverrideRule() {
    }
}
