package io.microscaler.cluster;

import java.util.List;

/**
 * Decides who gets the cluster's capacity, in priority order (highest first, then by name):
 * <ol>
 *   <li>a service that wants fewer tasks than it runs stops the surplus: Fargate tasks first,
 *       then EC2 tasks on its emptiest instances;</li>
 *   <li>each missing task goes where binpack on memory puts it on the free capacity, simulated per
 *       instance, so fragmentation is real: 2 GiB free on each of two instances is no room for a
 *       3 GiB task;</li>
 *   <li>a task that does not fit takes room from tasks of lower priority (lowest first, never
 *       taking a service below its minimum) when that makes it fit on one instance;</li>
 *   <li>what still does not fit runs on Fargate when the service allows it, else is held back;</li>
 *   <li>a service with nothing missing brings Fargate overflow tasks back to free EC2 room.</li>
 * </ol>
 * Lower priorities are planned after higher ones, so the room a higher priority took, or the
 * tasks it displaced, shape what they get: a displaced service's tasks try free room, then
 * yet lower priorities, then Fargate, like any other missing task.
 *
 * <p>Example: 2 instances of 4096 CPU / 4096 MiB, full with 8 worker tasks (priority 0, min 2,
 * 1024 / 1024); iiif (priority 100, 1024 / 1024) wants 3 more: 3 worker tasks stop, 3 iiif tasks
 * start in their place, and the worker's grant says {@code displaced: 3 tasks give way to iiif
 * (priority 100)}. Had the worker been at its minimum, iiif would go to Fargate or be held back.
 */
public final class ClusterPlanner {

    private ClusterPlanner() {
    }

    public static Allocation plan(List<ServiceWish> wishes, ClusterState cluster) {
        return new Planning(wishes, cluster).run();
    }
}
