package io.microscaler.demo;

import io.microscaler.config.MicroscalerConfig;
import io.microscaler.config.ServiceConfig;
import java.util.List;
import software.amazon.awssdk.services.ecs.EcsAsyncClient;
import software.amazon.awssdk.services.ecs.model.ContainerInstanceStatus;

/**
 * What the cluster demos read of the cluster, as an operator would through the SDK: container
 * instances by status, the Auto Scaling group's desired capacity, and the tasks on an interrupted
 * spot instance; and the interruption itself. Blocking: the demo's main thread only. Reads are
 * {@link PatientReads patient}; one the cloud still will not answer throws {@link Unanswered}, and
 * the demo leaves that second out.
 */
final class ClusterReader {

    /** The cloud did not answer a read, after retries: the sample of this second is skipped. */
    static final class Unanswered extends RuntimeException {
        Unanswered(String what) {
            super(what + " did not answer", null, false, false);
        }
    }

    private final LocalWorld world;
    private final PatientReads reads;
    private final EcsAsyncClient ecs;
    private final String cluster;
    private final String group;
    private String interrupted;
    private String interruptedEc2;

    ClusterReader(LocalWorld world, MicroscalerConfig config, PatientReads reads) {
        this.world = world;
        this.reads = reads;
        this.ecs = world.ecs();
        this.cluster = config.actuator().aws().cluster();
        this.group = config.cluster().autoScalingGroup();
    }

    int instances(ContainerInstanceStatus status) throws Exception {
        return arns(status).size();
    }

    int groupDesired() throws Exception {
        return read("autoscaling:DescribeAutoScalingGroups",
                () -> world.autoScaling().describeAutoScalingGroups(b -> b.autoScalingGroupNames(group)))
                .autoScalingGroups().stream().mapToInt(g -> g.desiredCapacity()).findFirst().orElse(0);
    }

    boolean interrupted() {
        return interrupted != null;
    }

    /**
     * The service's tasks (desired RUNNING) on the interrupted (or recommended) instance; 0 before
     * the interruption, and once the instance has left the cluster.
     */
    int onInterrupted(ServiceConfig service) throws Exception {
        if (interrupted == null || (!arns(ContainerInstanceStatus.ACTIVE).contains(interrupted)
                && !arns(ContainerInstanceStatus.DRAINING).contains(interrupted))) {
            return 0;
        }
        return tasksOf(interrupted, service.placement().taskDefinition());
    }

    /** Sends a rebalance recommendation for the ACTIVE instance with the most tasks of this family; returns its EC2 id. */
    String recommendRebalanceOfBusiest(String family) throws Exception {
        String ec2 = busiest(family);
        LocalWorld.await(world.cloud().recommendRebalance(ec2));
        return ec2;
    }

    /** The EC2 id of the instance recommended or interrupted, or null. */
    String atRisk() {
        return interruptedEc2;
    }

    /** The spot interruption warning for the instance at risk: false if it had already left the group. */
    boolean interruptAtRisk() {
        try {
            LocalWorld.await(world.cloud().interruptSpot(interruptedEc2));
            return true;
        } catch (Exception e) {
            return false; // InvalidInstanceID.NotFound: terminated once its tasks had moved
        }
    }

    /** Sends a spot interruption warning for the ACTIVE instance with the most tasks of this family; returns its EC2 id. */
    String interruptBusiest(String family) throws Exception {
        String ec2 = busiest(family);
        LocalWorld.await(world.cloud().interruptSpot(ec2));
        return ec2;
    }

    /** The ACTIVE instance with the most tasks of this family, remembered as the one at risk; its EC2 id. */
    private String busiest(String family) throws Exception {
        String busiest = null;
        int most = -1;
        for (String arn : arns(ContainerInstanceStatus.ACTIVE)) {
            int tasks = tasksOf(arn, family);
            if (tasks > most) {
                most = tasks;
                busiest = arn;
            }
        }
        if (busiest == null) {
            throw new IllegalStateException("no ACTIVE instance in cluster '" + cluster + "' to interrupt");
        }
        String arn = busiest;
        String ec2 = read("ecs:DescribeContainerInstances",
                () -> ecs.describeContainerInstances(b -> b.cluster(cluster).containerInstances(arn)))
                .containerInstances().get(0).ec2InstanceId();
        interrupted = arn;
        interruptedEc2 = ec2;
        return ec2;
    }

    private List<String> arns(ContainerInstanceStatus status) throws Exception {
        return read("ecs:ListContainerInstances", () -> ecs.listContainerInstances(b -> b.cluster(cluster).status(status)))
                .containerInstanceArns();
    }

    private int tasksOf(String instanceArn, String family) throws Exception {
        return read("ecs:ListTasks", () -> ecs.listTasks(b -> b.cluster(cluster).containerInstance(instanceArn).family(family)))
                .taskArns().size();
    }

    private <T> T read(String what, java.util.function.Supplier<java.util.concurrent.CompletableFuture<T>> call)
            throws Exception {
        return reads.read(what, call).orElseThrow(() -> new Unanswered(what));
    }
}
