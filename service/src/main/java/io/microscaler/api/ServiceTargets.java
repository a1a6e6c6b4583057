package io.microscaler.api;

import io.microscaler.config.ServiceConfig;
import java.util.Map;
import java.util.TreeMap;

/**
 * The figures a service is held to, from its configuration, for the status page to draw against:
 * its p95 latency target and its task bounds.
 *
 * @param latencyTargetMs the p95 latency target, or null when the service has none
 */
public record ServiceTargets(Double latencyTargetMs, int minTasks, int maxTasks) {

    /** Each configured service's targets, by service id. */
    public static Map<String, ServiceTargets> of(Map<String, ServiceConfig> services) {
        Map<String, ServiceTargets> targets = new TreeMap<>();
        services.forEach((id, s) -> targets.put(id, new ServiceTargets(
                s.policy().latencyTargetMs().isPresent() ? s.policy().latencyTargetMs().getAsDouble() : null,
                s.policy().minTasks(), s.policy().maxTasks())));
        return targets;
    }
}
