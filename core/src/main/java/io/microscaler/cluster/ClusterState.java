package io.microscaler.cluster;

import java.util.List;

/**
 * The cluster as last read: its container instances (with the tasks on each) and the tasks
 * running on Fargate, which hold no instance capacity.
 */
public record ClusterState(List<InstanceState> instances, List<PlacedTask> fargateTasks) {

    public ClusterState {
        instances = List.copyOf(instances);
        fargateTasks = List.copyOf(fargateTasks);
    }

    public static ClusterState of(List<InstanceState> instances) {
        return new ClusterState(instances, List.of());
    }
}
