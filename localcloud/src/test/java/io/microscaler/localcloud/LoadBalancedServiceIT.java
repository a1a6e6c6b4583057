package io.microscaler.localcloud;

import static io.microscaler.localcloud.LocalCloudFixture.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsAsyncClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2AsyncClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

/** ECS and ELBv2 together: a service's RUNNING tasks become healthy targets, and leave them before they stop. */
class LoadBalancedServiceIT {

    @Test
    void aServicesTasksAreRegisteredAndDrainedThroughItsTargetGroup() {
        try (LocalCloudFixture fixture = new LocalCloudFixture(LocalCloudSettings.fast());
                EcsAsyncClient ecs = fixture.ecs();
                ElasticLoadBalancingV2AsyncClient elb = ElasticLoadBalancingV2AsyncClient.builder()
                        .endpointOverride(fixture.cloud.endpoint())
                        .region(Region.of(fixture.cloud.region()))
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDLOCALCLOUD", "secret")))
                        .build()) {
            String tg = call(elb.createTargetGroup(b -> b.name("web").protocol(ProtocolEnum.HTTP).port(8080).vpcId("vpc-local")
                    .targetType(TargetTypeEnum.INSTANCE))).targetGroups().get(0).targetGroupArn();
            fixture.join("lb", "i-lb1", 2048, 4096);
            call(ecs.createCluster(r -> r.clusterName("lb")));
            call(ecs.registerTaskDefinition(r -> r.family("web").containerDefinitions(ContainerDefinition.builder()
                    .name("web").image("iiif").cpu(256).memory(512)
                    .portMappings(PortMapping.builder().containerPort(8080).hostPort(0).build()).build())));
            call(ecs.createService(r -> r.cluster("lb").serviceName("web").taskDefinition("web").desiredCount(2)
                    .loadBalancers(l -> l.targetGroupArn(tg).containerName("web").containerPort(8080))));

            await().atMost(Duration.ofSeconds(10)).until(() -> fixture.cloud.healthyTargets().of("web").size() == 2);
            assertThat(call(elb.describeTargetHealth(b -> b.targetGroupArn(tg))).targetHealthDescriptions())
                    .allSatisfy(d -> assertThat(d.targetHealth().state()).isEqualTo(TargetHealthStateEnum.HEALTHY));

            call(ecs.updateService(r -> r.cluster("lb").service("web").desiredCount(0)));
            await().atMost(Duration.ofSeconds(10)).until(() -> fixture.cloud.healthyTargets().of("web").isEmpty()
                    && call(ecs.listTasks(r -> r.cluster("lb"))).taskArns().isEmpty()
                    && call(elb.describeTargetHealth(b -> b.targetGroupArn(tg))).targetHealthDescriptions().isEmpty());
        }
    }
}
