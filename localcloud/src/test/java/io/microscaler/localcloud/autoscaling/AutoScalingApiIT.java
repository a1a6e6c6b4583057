package io.microscaler.localcloud.autoscaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.microscaler.localcloud.AutoScalingGroupSpec;
import io.microscaler.localcloud.LocalCloudSettings;
import io.microscaler.localcloud.query.OnContext;
import io.microscaler.localcloud.query.QueryTestServer;
import io.microscaler.localcloud.query.SdkClients;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.autoscaling.AutoScalingAsyncClient;
import software.amazon.awssdk.services.autoscaling.model.Activity;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingException;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.Instance;
import software.amazon.awssdk.services.autoscaling.model.LifecycleState;

/** Every Auto Scaling operation the actuator uses, and spot interruptions, through the real SDK client. */
class AutoScalingApiIT {

    static Vertx vertx;
    static QueryTestServer server;
    static AutoScalingAsyncClient asg;
    static final RecordingMembership all = new RecordingMembership();
    static final AtomicInteger groups = new AtomicInteger();

    /** Each test has its own group and cluster of that name, in one server and client for the class. */
    String GROUP;
    RecordingMembership.Cluster ecs;

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        server = new QueryTestServer(v -> List.of(new AutoScalingApi(v, LocalCloudSettings.fast(), all, all)));
        vertx.deployVerticle(server).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        asg = SdkClients.autoScaling(server.endpoint());
    }

    @AfterAll
    static void stop() throws Exception {
        asg.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @BeforeEach
    void addGroup() {
        GROUP = "ecs-spot-" + groups.incrementAndGet();
        ecs = all.cluster(GROUP);
        OnContext.run(server.context(), () -> server.api(AutoScalingApi.class)
                .addGroup(new AutoScalingGroupSpec(GROUP, GROUP, 4096, 7680, 1, 4, 2, true)));
    }

    static <T> T join(CompletableFuture<T> call) {
        return call.orTimeout(10, TimeUnit.SECONDS).join();
    }

    AutoScalingGroup group() {
        return join(asg.describeAutoScalingGroups(b -> b.autoScalingGroupNames(GROUP))).autoScalingGroups().get(0);
    }

    List<Instance> inService() {
        return group().instances().stream().filter(i -> i.lifecycleState() == LifecycleState.IN_SERVICE).toList();
    }

    static String errorCode(Throwable e) {
        return ((AwsServiceException) e).awsErrorDetails().errorCode();
    }

    @Test
    void groupLaunchesItsDesiredCapacityWhichBootsAndJoinsTheCluster() {
        AutoScalingGroup group = group();
        assertThat(group.autoScalingGroupName()).isEqualTo(GROUP);
        assertThat(group.autoScalingGroupARN()).startsWith("arn:aws:autoscaling:eu-west-1:123456789012:autoScalingGroup:")
                .endsWith(":autoScalingGroupName/" + GROUP);
        assertThat(group.minSize()).isEqualTo(1);
        assertThat(group.maxSize()).isEqualTo(4);
        assertThat(group.desiredCapacity()).isEqualTo(2);
        assertThat(group.availabilityZones()).containsExactly("eu-west-1a", "eu-west-1b", "eu-west-1c");
        assertThat(group.createdTime()).isNotNull();
        assertThat(group.instances()).hasSize(2).allSatisfy(i -> {
            assertThat(i.instanceId()).matches("i-[0-9a-f]{17}");
            assertThat(i.instanceType()).isEqualTo("c5.xlarge");
            assertThat(i.healthStatus()).isEqualTo("Healthy");
            assertThat(i.protectedFromScaleIn()).isFalse();
            assertThat(i.lifecycleState()).isIn(LifecycleState.PENDING, LifecycleState.IN_SERVICE);
        });
        assertThat(group.instances()).extracting(Instance::availabilityZone).doesNotHaveDuplicates();

        await().atMost(Duration.ofSeconds(5)).until(() -> inService().size() == 2);
        assertThat(ecs.joined()).extracting(RecordingMembership.Join::cluster).containsOnly(GROUP);
        assertThat(ecs.joined()).allSatisfy(j -> {
            assertThat(j.cpu()).isEqualTo(4096);
            assertThat(j.memory()).isEqualTo(7680);
            assertThat(j.spot()).isTrue();
        });
        assertThat(ecs.joinedIds()).containsExactlyInAnyOrderElementsOf(
                group().instances().stream().map(Instance::instanceId).toList());
    }

    @Test
    void describeByUnknownNameFindsNothingAndWithoutNamesFindsAll() {
        assertThat(join(asg.describeAutoScalingGroups(b -> b.autoScalingGroupNames("nope"))).autoScalingGroups()).isEmpty();
        assertThat(join(asg.describeAutoScalingGroups(b -> { })).autoScalingGroups())
                .extracting(AutoScalingGroup::autoScalingGroupName).contains(GROUP);
    }

    @Test
    void setDesiredCapacityScalesOutAndIn() {
        join(asg.setDesiredCapacity(b -> b.autoScalingGroupName(GROUP).desiredCapacity(4)));
        assertThat(group().desiredCapacity()).isEqualTo(4);
        await().atMost(Duration.ofSeconds(5)).until(() -> inService().size() == 4);
        assertThat(ecs.members()).hasSize(4);

        join(asg.setDesiredCapacity(b -> b.autoScalingGroupName(GROUP).desiredCapacity(1)));
        assertThat(ecs.left()).hasSize(3);
        assertThat(ecs.members()).hasSize(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> group().instances().size() == 1);
    }

    @Test
    void setDesiredCapacityOutsideMinAndMaxIsAValidationError() {
        assertThatThrownBy(() -> join(asg.setDesiredCapacity(b -> b.autoScalingGroupName(GROUP).desiredCapacity(5))))
                .cause().isInstanceOf(AutoScalingException.class)
                .satisfies(e -> assertThat(errorCode(e)).isEqualTo("ValidationError"))
                .satisfies(e -> assertThat(((AwsServiceException) e).awsErrorDetails().errorMessage()).isEqualTo(
                        "New SetDesiredCapacity value 5 is above max value 4 for the AutoScalingGroup."))
                .satisfies(e -> assertThat(((AwsServiceException) e).statusCode()).isEqualTo(400));
        assertThatThrownBy(() -> join(asg.setDesiredCapacity(b -> b.autoScalingGroupName(GROUP).desiredCapacity(0))))
                .cause().isInstanceOf(AutoScalingException.class)
                .hasMessageContaining("New SetDesiredCapacity value 0 is below min value 1 for the AutoScalingGroup.");
        assertThatThrownBy(() -> join(asg.setDesiredCapacity(b -> b.autoScalingGroupName("nope").desiredCapacity(1))))
                .cause().isInstanceOf(AutoScalingException.class)
                .satisfies(e -> assertThat(errorCode(e)).isEqualTo("ValidationError"));
    }

    @Test
    void terminateWithDecrementShrinksTheGroup() {
        await().atMost(Duration.ofSeconds(5)).until(() -> inService().size() == 2);
        String victim = inService().get(0).instanceId();
        Activity activity = join(asg.terminateInstanceInAutoScalingGroup(b -> b.instanceId(victim)
                .shouldDecrementDesiredCapacity(true))).activity();
        assertThat(activity.activityId()).isNotBlank();
        assertThat(activity.autoScalingGroupName()).isEqualTo(GROUP);
        assertThat(activity.description()).isEqualTo("Terminating EC2 instance: " + victim);
        assertThat(activity.cause()).contains("shrinking the capacity from 2 to 1");
        assertThat(activity.statusCodeAsString()).isEqualTo("InProgress");
        assertThat(activity.startTime()).isNotNull();
        assertThat(ecs.left()).containsExactly(victim);

        AutoScalingGroup group = group();
        assertThat(group.desiredCapacity()).isEqualTo(1);
        assertThat(group.instances()).filteredOn(i -> i.instanceId().equals(victim))
                .allSatisfy(i -> assertThat(i.lifecycleState()).isEqualTo(LifecycleState.TERMINATING)); // or gone already
        await().atMost(Duration.ofSeconds(5)).until(() -> group().instances().size() == 1);

        String last = group().instances().get(0).instanceId();
        assertThatThrownBy(() -> join(asg.terminateInstanceInAutoScalingGroup(b -> b.instanceId(last)
                .shouldDecrementDesiredCapacity(true))))
                .cause().isInstanceOf(AutoScalingException.class)
                .hasMessageContaining("min size constraint");
    }

    @Test
    void terminateWithoutDecrementLaunchesAReplacement() {
        await().atMost(Duration.ofSeconds(5)).until(() -> inService().size() == 2);
        String victim = inService().get(0).instanceId();
        join(asg.terminateInstanceInAutoScalingGroup(b -> b.instanceId(victim).shouldDecrementDesiredCapacity(false)));
        assertThat(group().desiredCapacity()).isEqualTo(2);
        await().atMost(Duration.ofSeconds(5)).until(() -> inService().size() == 2
                && inService().stream().noneMatch(i -> i.instanceId().equals(victim)));
        assertThat(ecs.joined()).hasSize(3);
        assertThat(ecs.left()).containsExactly(victim);
    }

    @Test
    void terminatingAnUnknownInstanceIsAValidationError() {
        assertThatThrownBy(() -> join(asg.terminateInstanceInAutoScalingGroup(b -> b.instanceId("i-00000000000000000")
                .shouldDecrementDesiredCapacity(false))))
                .cause().isInstanceOf(AutoScalingException.class)
                .satisfies(e -> assertThat(errorCode(e)).isEqualTo("ValidationError"))
                .hasMessageContaining("i-00000000000000000");
    }

    @Test
    void spotInterruptionWarnsThenTerminatesAndReplaces() {
        await().atMost(Duration.ofSeconds(5)).until(() -> inService().size() == 2);
        String victim = inService().get(0).instanceId();
        OnContext.run(server.context(), () -> server.api(AutoScalingApi.class).interruptSpot(victim));
        assertThat(ecs.left()).isEmpty(); // the notice (500 ms) runs first

        assertThat(ecs.events()).hasSize(1);
        assertThat(ecs.events().get(0).key()).isEqualTo(GROUP);
        JsonObject event = new JsonObject(ecs.events().get(0).json());
        assertThat(event.getString("detail-type")).isEqualTo("EC2 Spot Instance Interruption Warning");
        assertThat(event.getString("source")).isEqualTo("aws.ec2");
        assertThat(event.getJsonArray("resources").getString(0))
                .isEqualTo("arn:aws:ec2:eu-west-1:123456789012:instance/" + victim);
        assertThat(event.getJsonObject("detail").getString("instance-id")).isEqualTo(victim);

        await().atMost(Duration.ofSeconds(5)).until(() -> ecs.left().contains(victim));
        await().atMost(Duration.ofSeconds(5)).until(() -> inService().size() == 2
                && inService().stream().noneMatch(i -> i.instanceId().equals(victim)));
        assertThat(group().desiredCapacity()).isEqualTo(2);
    }
}
