package io.microscaler.config;

import io.microscaler.window.WindowSettings;
import java.time.Duration;
import java.util.Map;

/**
 * The whole configuration, immutable, validated by {@link ConfigLoader}. Defaults live in
 * {@link Defaults}; a sample with every key is {@code config/microscaler.yaml}.
 *
 * @param tick     how often each owner evaluates its services (key {@code tick}, default 1 s)
 * @param services the services microscaler scales, by service id (the {@code service} of events)
 * @param cluster  the cluster planner and instance scaling (key {@code cluster.*})
 * @param admin    the admin API's tokens and bounds (keys {@code admin.*})
 */
public record MicroscalerConfig(
        HttpConfig http,
        KafkaConfig kafka,
        IngestConfig ingest,
        WindowSettings windows,
        Duration tick,
        ActuatorConfig actuator,
        Map<String, ServiceConfig> services,
        ClusterConfig cluster,
        AdminConfig admin) {

    public MicroscalerConfig {
        services = Map.copyOf(services);
    }

    /** Whether some service is predictive: then its forecast history is kept in Kafka. */
    public boolean anyPredictive() {
        return services.values().stream().anyMatch(s -> s.policy().predictive().isPresent());
    }
}
