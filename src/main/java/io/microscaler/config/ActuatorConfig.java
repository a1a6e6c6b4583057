package io.microscaler.config;

import java.time.Duration;

/**
 * The actuator (keys {@code actuator.*}).
 *
 * @param target            where decisions are applied: {@code dry-run} records and applies nothing
 * @param reconcileInterval how often actual task counts are read back
 */
public record ActuatorConfig(Target target, Duration reconcileInterval) {

    public enum Target { DRY_RUN }
}
