package io.microscaler.localcloud;

import static io.microscaler.localcloud.LocalCloudFixture.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsAsyncClient;

/** The composition: Auto Scaling groups feed the ECS cluster, spot warnings are delegated, close frees the port. */
class LocalCloudIT {

    @Test
    void anAutoScalingGroupsInstancesJoinTheirCluster() {
        try (LocalCloudFixture fixture = new LocalCloudFixture(LocalCloudSettings.fast());
                EcsAsyncClient ecs = fixture.ecs()) {
            LocalCloudFixture.await(fixture.cloud.addAutoScalingGroup(
                    new AutoScalingGroupSpec("asg-demo", "demo", 4096, 7680, 0, 4, 2, false)));
            await().atMost(Duration.ofSeconds(5)).until(() -> call(ecs.describeClusters(r -> r.clusters("demo"))).clusters().size() == 1
                    && call(ecs.listContainerInstances(r -> r.cluster("demo"))).containerInstanceArns().size() == 2);
            assertThatThrownBy(() -> LocalCloudFixture.await(fixture.cloud.interruptSpot("i-nosuchinstance")))
                    .isInstanceOf(AwsError.class);
        }
    }

    @Test
    void closingFreesTheEndpoint() {
        LocalCloudFixture fixture = new LocalCloudFixture(LocalCloudSettings.fast());
        EcsAsyncClient ecs = fixture.ecs();
        assertThat(call(ecs.listClusters(r -> { })).clusterArns()).isEmpty();
        LocalCloudFixture.await(fixture.cloud.close());
        assertThatThrownBy(() -> call(ecs.listClusters(r -> { }))).isInstanceOf(RuntimeException.class);
        ecs.close();
        fixture.close();
    }
}
