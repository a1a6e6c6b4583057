package io.microscaler.api;

import io.microscaler.config.ServiceConfig;
import io.microscaler.policy.ScheduledBounds;
import io.microscaler.schedule.Schedules;
import java.util.Map;
import java.util.TreeMap;

/**
 * The figures a service is held to, from its configuration, for the status page to draw against:
 * its p95 latency target, its task bounds and its schedules.
 *
 * @param latencyTargetMs the p95 latency target, or null when the service has none
 * @param schedules       its schedules, to show them and which is active
 */
public record ServiceTargets(Double latencyTargetMs, int minTasks, int maxTasks, Schedules schedules) {

    /** Without schedules. */
    public ServiceTargets(Double latencyTargetMs, int minTasks, int maxTasks) {
        this(latencyTargetMs, minTasks, maxTasks, Schedules.NONE);
    }

    /** Each configured service's targets, by service id. */
    public static Map<String, ServiceTargets> of(Map<String, ServiceConfig> services) {
        Map<String, ServiceTargets> targets = new TreeMap<>();
        services.forEach((id, s) -> targets.put(id, new ServiceTargets(
                s.policy().latencyTargetMs().isPresent() ? s.policy().latencyTargetMs().getAsDouble() : null,
                s.policy().minTasks(), s.policy().maxTasks(), ScheduledBounds.of(s.policy().schedules()))));
        return targets;
    }
}
