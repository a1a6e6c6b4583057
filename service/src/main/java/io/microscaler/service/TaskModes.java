package io.microscaler.service;

import io.microscaler.config.MicroscalerConfig;
import io.microscaler.policy.ScheduledBounds;
import io.microscaler.tasks.AwsvpcNetwork;
import io.microscaler.tasks.TaskModeSettings;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** The services in task mode ({@code mode: tasks}) and how each runs its tasks, from the configuration. */
final class TaskModes {

    /**
     * By service id; services in ECS service mode are left out. The first count is the minimum in
     * force at {@code now}: a schedule active at start-up raises it, as it raises the policy's.
     */
    static Map<String, TaskModeSettings> of(MicroscalerConfig config, Instant now) {
        Map<String, TaskModeSettings> taskModes = new LinkedHashMap<>();
        config.services().values().stream().filter(s -> s.placement().taskMode()).forEach(s -> {
            TaskModeSettings settings = TaskModeSettings.ec2(config.actuator().aws().cluster(),
                            s.placement().taskDefinition(), s.placement().targetGroup(), s.placement().containerName(),
                            s.placement().containerPort())
                    .withInitialCount(Math.max(s.initialTasks(),
                            ScheduledBounds.at(s.policy(), ScheduledBounds.of(s.policy().schedules()), now).minTasks()));
            taskModes.put(s.id(), !s.placement().fargate() ? settings : settings.withFargateOverflow(
                    new AwsvpcNetwork(config.cluster().fargateSubnets(), config.cluster().fargateSecurityGroups())));
        });
        return taskModes;
    }

    private TaskModes() {
    }
}
