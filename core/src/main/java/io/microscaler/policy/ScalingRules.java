package io.microscaler.policy;

import java.time.Duration;
import java.util.List;

/**
 * The behaviour of one direction (scale-up or scale-down), with the HPA v2's semantics plus a
 * cooldown.
 *
 * @param stabilisation the window whose recommendations are considered: scale-up takes the lowest
 *                      of them, scale-down the highest (HPA defaults: 0 s up, 300 s down)
 * @param limits        rate limits; empty means no limit
 * @param select        which limit applies when there are several, or {@link SelectPolicy#DISABLED}
 * @param cooldown      no change in this direction until this long after the last scaling (see
 *                      {@link Cooldowns} for which scaling counts)
 */
public record ScalingRules(Duration stabilisation, List<RateLimit> limits, SelectPolicy select, Duration cooldown) {

    /** No stabilisation, no limits, no cooldown. */
    public static final ScalingRules NONE = new ScalingRules(Duration.ZERO, List.of(), SelectPolicy.MAX, Duration.ZERO);

    public ScalingRules {
        if (stabilisation == null || stabilisation.isNegative()) {
            throw new IllegalArgumentException("stabilisation must be >= 0, but was " + stabilisation);
        }
        limits = List.copyOf(limits);
        if (select == null) {
            throw new IllegalArgumentException("select must be set");
        }
        if (cooldown == null || cooldown.isNegative()) {
            throw new IllegalArgumentException("cooldown must be >= 0, but was " + cooldown);
        }
    }

    public ScalingRules withStabilisation(Duration d) {
        return new ScalingRules(d, limits, select, cooldown);
    }

    public ScalingRules withLimits(SelectPolicy newSelect, RateLimit... newLimits) {
        return new ScalingRules(stabilisation, List.of(newLimits), newSelect, cooldown);
    }

    public ScalingRules withCooldown(Duration d) {
        return new ScalingRules(stabilisation, limits, select, d);
    }

    /** The longest period of the limits: how far back scale events are needed. */
    Duration longestPeriod() {
        return limits.stream().map(RateLimit::period).max(Duration::compareTo).orElse(Duration.ZERO);
    }
}
