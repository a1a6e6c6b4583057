package io.microscaler.capacity;

import io.microscaler.actuate.aws.ClusterView;
import io.microscaler.cluster.ClusterState;
import io.microscaler.cluster.PlacedTask;
import io.microscaler.cluster.TaskSize;

/** The planner's pure view of the cluster as AWS describes it. */
final class ClusterStates {

    static ClusterState of(ClusterView view) {
        return new ClusterState(HeadroomRunner.instances(view), view.fargate().stream()
                .map(t -> new PlacedTask(t.taskArn(), t.service().orElse(""),
                        new TaskSize(Math.max(1, t.cpu()), Math.max(1, t.memoryMiB()))))
                .toList());
    }

    private ClusterStates() {
    }
}
