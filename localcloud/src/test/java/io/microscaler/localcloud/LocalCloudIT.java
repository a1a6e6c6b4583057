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

    @Test
    void aSpotInterruptionAskedForOverHttpWarnsOnTheClusterTopicThenReplacesTheInstance() throws Exception {
        try (LocalCloudFixture fixture = new LocalCloudFixture(LocalCloudSettings.fast());
                EcsAsyncClient ecs = fixture.ecs()) {
            LocalCloudFixture.await(fixture.cloud.addAutoScalingGroup(
                    new AutoScalingGroupSpec("asg-spot", "spot", 4096, 7680, 0, 4, 1, true)));
            await().atMost(Duration.ofSeconds(5)).until(() ->
                    call(ecs.listContainerInstances(r -> r.cluster("spot"))).containerInstanceArns().size() == 1);
            String arn = call(ecs.listContainerInstances(r -> r.cluster("spot"))).containerInstanceArns().get(0);
            String instanceId = call(ecs.describeContainerInstances(r -> r.cluster("spot").containerInstances(arn)))
                    .containerInstances().get(0).ec2InstanceId();

            var http = java.net.http.HttpClient.newHttpClient();
            var warned = http.send(java.net.http.HttpRequest.newBuilder(fixture.cloud.endpoint().resolve("/_localcloud/spot-interruptions"))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"instanceId\":\"" + instanceId + "\"}")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            var unknown = http.send(java.net.http.HttpRequest.newBuilder(fixture.cloud.endpoint().resolve("/_localcloud/spot-interruptions"))
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"instanceId\":\"i-0000000000000dead\"}")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());

            assertThat(warned.statusCode()).isEqualTo(202);
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(unknown.body()).contains("InvalidInstanceID.NotFound");
            await().atMost(Duration.ofSeconds(5)).until(() -> fixture.events.stream()
                    .anyMatch(e -> e.contains("\"EC2 Spot Instance Interruption Warning\"") && e.contains(instanceId)));
            // After the notice the instance goes and the group launches a replacement into the cluster
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                var arns = call(ecs.listContainerInstances(r -> r.cluster("spot"))).containerInstanceArns();
                return arns.size() == 1 && !arns.get(0).equals(arn);
            });
        }
    }

    @Test
    void aRebalanceRecommendationAskedForOverHttpGoesToTheClusterTopicAndReclaimsNothing() throws Exception {
        try (LocalCloudFixture fixture = new LocalCloudFixture(LocalCloudSettings.fast());
                EcsAsyncClient ecs = fixture.ecs()) {
            LocalCloudFixture.await(fixture.cloud.addAutoScalingGroup(
                    new AutoScalingGroupSpec("asg-spot", "spot", 4096, 7680, 0, 4, 1, true)));
            LocalCloudFixture.await(fixture.cloud.addAutoScalingGroup(
                    new AutoScalingGroupSpec("asg-od", "od", 4096, 7680, 0, 4, 1, false)));
            await().atMost(Duration.ofSeconds(5)).until(() ->
                    call(ecs.listContainerInstances(r -> r.cluster("spot"))).containerInstanceArns().size() == 1
                    && call(ecs.listContainerInstances(r -> r.cluster("od"))).containerInstanceArns().size() == 1);
            String arn = call(ecs.listContainerInstances(r -> r.cluster("spot"))).containerInstanceArns().get(0);
            String instanceId = call(ecs.describeContainerInstances(r -> r.cluster("spot").containerInstances(arn)))
                    .containerInstances().get(0).ec2InstanceId();
            String odArn = call(ecs.listContainerInstances(r -> r.cluster("od"))).containerInstanceArns().get(0);
            String onDemand = call(ecs.describeContainerInstances(r -> r.cluster("od").containerInstances(odArn)))
                    .containerInstances().get(0).ec2InstanceId();

            var http = java.net.http.HttpClient.newHttpClient();
            java.util.function.Function<String, java.net.http.HttpResponse<String>> post = id -> {
                try {
                    return http.send(java.net.http.HttpRequest.newBuilder(fixture.cloud.endpoint()
                                    .resolve("/_localcloud/rebalance-recommendations"))
                            .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"instanceId\":\"" + id + "\"}")).build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            };
            var recommended = post.apply(instanceId);
            var notSpot = post.apply(onDemand);
            var unknown = post.apply("i-0000000000000dead");

            assertThat(recommended.statusCode()).isEqualTo(202);
            assertThat(recommended.body()).contains("\"recommended\":true");
            assertThat(notSpot.statusCode()).isEqualTo(404);
            assertThat(notSpot.body()).contains("is not a spot instance");
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(unknown.body()).contains("InvalidInstanceID.NotFound");
            await().atMost(Duration.ofSeconds(5)).until(() -> fixture.events.stream()
                    .anyMatch(e -> e.contains("\"EC2 Instance Rebalance Recommendation\"") && e.contains(instanceId)));
            // a recommendation is not a warning: the instance stays, past what a notice would be (300 ms here)
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() ->
                    call(ecs.listContainerInstances(r -> r.cluster("spot"))).containerInstanceArns().equals(java.util.List.of(arn)));
        }
    }

    @Test
    void autoScalingRoundTripsThroughTheLocalCloudAndMovesTheCluster() {
        try (LocalCloudFixture fixture = new LocalCloudFixture(LocalCloudSettings.fast());
                EcsAsyncClient ecs = fixture.ecs();
                var asg = io.microscaler.localcloud.query.SdkClients.autoScaling(fixture.cloud.endpoint())) {
            LocalCloudFixture.await(fixture.cloud.addAutoScalingGroup(
                    new AutoScalingGroupSpec("asg-rt", "rt", 4096, 7680, 1, 3, 1, false)));

            call(asg.setDesiredCapacity(b -> b.autoScalingGroupName("asg-rt").desiredCapacity(3)));
            await().atMost(Duration.ofSeconds(5)).until(() ->
                    call(ecs.listContainerInstances(r -> r.cluster("rt"))).containerInstanceArns().size() == 3);
            var group = call(asg.describeAutoScalingGroups(b -> b.autoScalingGroupNames("asg-rt"))).autoScalingGroups().get(0);
            assertThat(group.desiredCapacity()).isEqualTo(3);
            assertThat(group.instances()).hasSize(3);

            String victim = group.instances().get(0).instanceId();
            call(asg.terminateInstanceInAutoScalingGroup(b -> b.instanceId(victim).shouldDecrementDesiredCapacity(true)));
            await().atMost(Duration.ofSeconds(5)).until(() ->
                    call(ecs.listContainerInstances(r -> r.cluster("rt"))).containerInstanceArns().size() == 2);

            assertThatThrownBy(() -> call(asg.setDesiredCapacity(b -> b.autoScalingGroupName("asg-rt").desiredCapacity(4))))
                    .isInstanceOf(software.amazon.awssdk.services.autoscaling.model.AutoScalingException.class)
                    .hasMessageContaining("above max value 3");
        }
    }
}
