package io.microscaler.bus;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * What the cluster topic carries, as EventBridge delivers it ({@code detail-type} + {@code detail}),
 * reduced to the fields the cluster planner acts on. Immutable; travels on the event bus.
 */
public sealed interface ClusterEvent {

    /** When EventBridge says it happened (the envelope's {@code time}). */
    Instant time();

    /**
     * "EC2 Spot Instance Interruption Warning": the instance will be reclaimed about two minutes
     * after {@link #time()}.
     *
     * @param action {@code terminate}, {@code stop} or {@code hibernate}
     */
    record SpotInterruption(Instant time, String instanceId, String action) implements ClusterEvent {
        public SpotInterruption {
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(instanceId, "instanceId");
            Objects.requireNonNull(action, "action");
        }
    }

    /**
     * "EC2 Instance Rebalance Recommendation": the instance is at elevated risk of a spot
     * interruption. It comes before the interruption warning, often minutes before, with no notice
     * period of its own: time to start a replacement and move the tasks while nothing is lost.
     */
    record RebalanceRecommendation(Instant time, String instanceId) implements ClusterEvent {
        public RebalanceRecommendation {
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(instanceId, "instanceId");
        }
    }

    /**
     * "ECS Task State Change".
     *
     * @param group                 {@code service:<name>} for a service's task, else what RunTask was given
     * @param containerInstanceArn  empty on Fargate
     */
    record TaskStateChange(Instant time, String clusterArn, String taskArn, String group, String lastStatus,
                           String desiredStatus, Optional<String> containerInstanceArn, String launchType,
                           Optional<String> stoppedReason) implements ClusterEvent {
        public TaskStateChange {
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(taskArn, "taskArn");
            Objects.requireNonNull(lastStatus, "lastStatus");
        }
    }

    /** "ECS Container Instance State Change": status and the CPU/memory left on the instance. */
    record InstanceStateChange(Instant time, String clusterArn, String containerInstanceArn, String ec2InstanceId,
                               String status, int remainingCpu, int remainingMemoryMiB) implements ClusterEvent {
        public InstanceStateChange {
            Objects.requireNonNull(time, "time");
            Objects.requireNonNull(containerInstanceArn, "containerInstanceArn");
            Objects.requireNonNull(status, "status");
        }
    }
}
