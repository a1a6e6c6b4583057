package io.microscaler.policy;

import io.microscaler.policy.PolicyMemory.Scaling;
import java.time.Instant;
import java.util.List;

/**
 * The HPA v2's scaling policies ({@code convertDesiredReplicasWithBehaviorRate}): how far the count
 * may move within each policy's period, counted from the count at the start of that period.
 *
 * <p>Scale-up, "4 tasks per 15s, 100% per 15s", select max, at 3 tasks of which 1 was added 10 s
 * ago: the period started at 2, so the limits are 2 + 4 = 6 and ceil(2 × 2) = 4; max picks 6.
 * Scale-down, "50% per 60s" at 8 tasks with 2 removed 30 s ago: the period started at 10, so the
 * limit is floor(10 × 0.5) = 5.
 */
public final class RateLimits {

    private RateLimits() {
    }

    /** The highest count a scale-up may reach now. */
    public static int upLimit(ScalingRules rules, List<Scaling> scalings, int current, Instant now) {
        if (rules.select() == SelectPolicy.DISABLED) {
            return current;
        }
        if (rules.limits().isEmpty()) {
            return Integer.MAX_VALUE;
        }
        Integer chosen = null;
        for (RateLimit limit : rules.limits()) {
            int start = current - changeWithin(scalings, limit, now, true);
            long allowed = switch (limit.type()) {
                case COUNT -> (long) start + limit.value();
                case PERCENT -> (long) Math.ceil(start * (1 + limit.value() / 100.0) - DesiredTasks.EPSILON);
            };
            int value = (int) Math.min(Integer.MAX_VALUE, Math.max(allowed, current));
            chosen = chosen == null ? value
                    : rules.select() == SelectPolicy.MAX ? Math.max(chosen, value) : Math.min(chosen, value);
        }
        return chosen;
    }

    /** The lowest count a scale-in may reach now. */
    public static int downLimit(ScalingRules rules, List<Scaling> scalings, int current, Instant now) {
        if (rules.select() == SelectPolicy.DISABLED) {
            return current;
        }
        if (rules.limits().isEmpty()) {
            return 0;
        }
        Integer chosen = null;
        for (RateLimit limit : rules.limits()) {
            int start = current + changeWithin(scalings, limit, now, false);
            int allowed = switch (limit.type()) {
                case COUNT -> start - limit.value();
                case PERCENT -> (int) Math.floor(start * (1 - limit.value() / 100.0) + DesiredTasks.EPSILON);
            };
            int value = Math.max(0, Math.min(allowed, current));
            // For scale-down "max" is the policy that allows the most change: the lowest count.
            chosen = chosen == null ? value
                    : rules.select() == SelectPolicy.MAX ? Math.min(chosen, value) : Math.max(chosen, value);
        }
        return chosen;
    }

    /**
     * Tasks added (up) or removed (down) by the scalings within the limit's period before now. A
     * start from zero tasks (activation, {@code ServicePolicy}) is outside the limits, so it uses none
     * of them up either.
     */
    static int changeWithin(List<Scaling> scalings, RateLimit limit, Instant now, boolean up) {
        Instant cutoff = now.minus(limit.period());
        int sum = 0;
        for (Scaling s : scalings) {
            if (s.at().isAfter(cutoff) && !s.at().isAfter(now)) {
                if (up && s.change() > 0 && s.from() > 0) {
                    sum += s.change();
                } else if (!up && s.change() < 0) {
                    sum -= s.change();
                }
            }
        }
        return sum;
    }
}
