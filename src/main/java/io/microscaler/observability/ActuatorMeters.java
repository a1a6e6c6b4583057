package io.microscaler.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/** Actuator meters, tagged by target (dry-run, ecs-service, …) and outcome. */
public final class ActuatorMeters {

    private final MeterRegistry registry;
    private final String target;

    public ActuatorMeters(MeterRegistry registry, String target) {
        this.registry = registry;
        this.target = target;
    }

    /** An offered decision's fate: start, queued, superseded-waiting, stale. */
    public void offered(String verdict) {
        Counter.builder("microscaler_actuator_decisions")
                .description("Decisions offered to the actuator, by what became of them")
                .tag("target", target).tag("verdict", verdict)
                .register(registry).increment();
    }

    public void applied(boolean succeeded, Duration took) {
        Timer.builder("microscaler_actuator_apply")
                .description("Applying a desired count to the target, by outcome")
                .tag("target", target).tag("outcome", succeeded ? "success" : "failure")
                .register(registry).record(took);
    }
}
