package io.microscaler.observability;

import io.microscaler.decision.Decision;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;

/** Counts published decisions by service, policy, reason and direction (all bounded sets). */
public final class DecisionMeters {

    private final MeterRegistry registry;

    public DecisionMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    public void published(Decision d) {
        String direction = d.to() > d.from() ? "out" : d.to() < d.from() ? "in" : "hold";
        Counter.builder("microscaler_decisions")
                .description("Decisions published, by service, policy, reason and direction")
                .tag("service", d.service())
                .tag("policy", d.policy())
                .tag("reason", d.reason().name().toLowerCase(Locale.ROOT))
                .tag("direction", direction)
                .register(registry)
                .increment();
    }
}
