package io.microscaler.api;

import io.microscaler.config.ActuatorConfig;
import java.util.Locale;

/**
 * What the actuator does with decisions, as {@code /api/services} shows it per service
 * ({@code "actuation"}): {@code act} applies them to ECS, {@code shadow} reads ECS and applies
 * nothing ({@code actuator.mode: shadow}), {@code dry-run} neither reads nor applies.
 */
public enum Actuation {
    ACT, SHADOW, DRY_RUN;

    /** From the configuration: the target and the mode. */
    public static Actuation of(ActuatorConfig actuator) {
        if (actuator.target() == ActuatorConfig.Target.DRY_RUN) {
            return DRY_RUN;
        }
        return actuator.shadow() ? SHADOW : ACT;
    }

    /** {@code act}, {@code shadow}, {@code dry-run}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
