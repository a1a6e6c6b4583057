package io.microscaler.capacity;

import static org.awaitility.Awaitility.await;

import io.microscaler.actuate.aws.AwsClients;
import io.microscaler.actuate.aws.ClusterView;
import io.microscaler.actuate.aws.EcsClusterCapacity;
import io.microscaler.localcloud.LocalCloudFixture;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.function.Predicate;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

/**
 * What the spot ITs share on the local cloud: a 4-task service spread over the cluster's instances
 * behind a target group, its healthy targets, and the cluster as the capacity reader sees it.
 */
final class SpotClusterScaffold {

    /** The service iiif, 4 tasks spread over the instances, behind a target group; returns the group's ARN. */
    static String startService(AwsClients operator, String cluster) {
        LocalCloudFixture.call(operator.ecs().registerTaskDefinition(r -> r.family("iiif").networkMode(NetworkMode.BRIDGE)
                .containerDefinitions(ContainerDefinition.builder().name("iiif").image("iiif:1").cpu(256).memory(512)
                        .essential(true).portMappings(PortMapping.builder().containerPort(8182).hostPort(0).build()).build())));
        String targetGroup = LocalCloudFixture.call(operator.elb().createTargetGroup(r -> r.name("iiif").protocol(ProtocolEnum.HTTP)
                .port(8182).vpcId("vpc-local").targetType(TargetTypeEnum.INSTANCE).healthCheckPath("/health")))
                .targetGroups().get(0).targetGroupArn();
        // spread, so both instances hold tasks and the interrupted one has some to move
        LocalCloudFixture.call(operator.ecs().createService(r -> r.cluster(cluster).serviceName("iiif").taskDefinition("iiif")
                .desiredCount(4).launchType(LaunchType.EC2)
                .placementStrategy(p -> p.type("spread").field("instanceId"))
                .loadBalancers(l -> l.targetGroupArn(targetGroup).containerName("iiif").containerPort(8182))));
        return targetGroup;
    }

    /** Healthy targets of the target group. */
    static long healthy(AwsClients operator, String targetGroup) {
        return LocalCloudFixture.call(operator.elb().describeTargetHealth(r -> r.targetGroupArn(targetGroup)))
                .targetHealthDescriptions().stream()
                .filter(d -> d.targetHealth().state() == TargetHealthStateEnum.HEALTHY).count();
    }

    /** Reads the cluster until the view matches (at most 60 s). */
    static ClusterView view(Vertx vertx, EcsClusterCapacity capacity, Predicate<ClusterView> until) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> {
            Promise<ClusterView> read = Promise.promise();
            vertx.getOrCreateContext().runOnContext(v -> capacity.read().onComplete(read));
            return LocalCloudFixture.await(read.future());
        }, until);
    }

    private SpotClusterScaffold() {
    }
}
