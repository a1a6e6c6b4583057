package io.microscaler.actuate.aws;

import io.microscaler.tasks.ServiceTasks;
import io.microscaler.tasks.TaskModeSettings;
import io.microscaler.tasks.TaskTarget;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What the parts of one task-mode service share ({@link TaskModeService}, {@link TaskReader},
 * {@link TargetSync}): its settings and bookkeeping, the calls, and what is learnt once (the
 * target group's ARN and deregistration delay, instances' EC2 ids). On the actuator's context only.
 */
final class TaskModeScope {

    final String service;
    final TaskModeSettings settings;
    final TaskModeCalls calls;
    final ServiceTasks state;
    /** Container instance ARN → EC2 instance id, shared by all services (it never changes). */
    final Map<String, String> ec2ByInstanceArn;
    final EcsTaskTarget.Timings timings;
    final Clock clock;
    final AwsCallListener listener;
    /** Targets of tasks that went away while registered: deregistered at the next target sync. */
    final Set<TaskTarget> orphans = new LinkedHashSet<>();
    private String targetGroupArn;
    private Duration deregistrationDelay;

    TaskModeScope(String service, TaskModeSettings settings, TaskModeCalls calls, ServiceTasks state,
                  Map<String, String> ec2ByInstanceArn, EcsTaskTarget.Timings timings, Clock clock,
                  AwsCallListener listener) {
        this.service = service;
        this.settings = settings;
        this.calls = calls;
        this.state = state;
        this.ec2ByInstanceArn = ec2ByInstanceArn;
        this.timings = timings;
        this.clock = clock;
        this.listener = listener;
    }

    /** Null until looked up (the settings may name the group). */
    String targetGroupArn() {
        return targetGroupArn;
    }

    void targetGroupArn(String arn) {
        this.targetGroupArn = arn;
    }

    /** The group's {@code deregistration_delay}, null until read (at the first scale-in). */
    Duration deregistrationDelay() {
        return deregistrationDelay;
    }

    void deregistrationDelay(Duration delay) {
        this.deregistrationDelay = delay;
    }
}
