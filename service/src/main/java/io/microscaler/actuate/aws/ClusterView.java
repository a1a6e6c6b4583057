package io.microscaler.actuate.aws;

import java.util.List;
import java.util.Optional;

/**
 * The cluster as AWS describes it: its container instances and, if it has one, the Auto Scaling
 * group behind them. The cluster planner's pure view is built from this.
 */
public record ClusterView(List<Instance> instances, List<Task> fargate, Optional<Group> group) {

    public ClusterView {
        instances = List.copyOf(instances);
        fargate = List.copyOf(fargate);
    }

    /** One container instance ({@code DescribeContainerInstances}) and the tasks placed on it ({@code DescribeTasks}). */
    public record Instance(String containerInstanceArn, String ec2InstanceId, String status,
                           int registeredCpu, int registeredMemoryMiB, int remainingCpu, int remainingMemoryMiB,
                           int runningTasks, int pendingTasks, List<Task> placed) {

        public Instance {
            placed = List.copyOf(placed);
        }

        Instance withPlaced(List<Task> tasks) {
            return new Instance(containerInstanceArn, ec2InstanceId, status, registeredCpu, registeredMemoryMiB,
                    remainingCpu, remainingMemoryMiB, runningTasks, pendingTasks, tasks);
        }

        public boolean active() {
            return "ACTIVE".equals(status);
        }

        public int tasks() {
            return runningTasks + pendingTasks;
        }
    }

    /**
     * A task that holds capacity on an instance, or runs on Fargate.
     *
     * @param group {@code service:<name>} for the tasks of an ECS service and of a task-mode service
     */
    public record Task(String taskArn, String group, int cpu, int memoryMiB, String launchType) {

        /** The microscaler service it belongs to, from its group; empty for tasks of no service. */
        public java.util.Optional<String> service() {
            return group != null && group.startsWith("service:") ? java.util.Optional.of(group.substring("service:".length()))
                    : java.util.Optional.empty();
        }
    }

    /** The Auto Scaling group ({@code DescribeAutoScalingGroups}). */
    public record Group(String name, int desired, int min, int max, List<GroupInstance> instances) {

        public Group {
            instances = List.copyOf(instances);
        }

        /** Instances the group is still launching: capacity on its way, not yet in the ECS cluster. */
        public long launching() {
            return instances.stream().filter(i -> i.lifecycleState().startsWith("Pending")).count();
        }
    }

    /** @param lifecycleState e.g. {@code Pending}, {@code InService}, {@code Terminating} */
    public record GroupInstance(String instanceId, String lifecycleState) {
    }

    public Optional<Instance> byEc2Id(String ec2InstanceId) {
        return instances.stream().filter(i -> i.ec2InstanceId().equals(ec2InstanceId)).findFirst();
    }
}
