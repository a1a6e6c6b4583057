package io.microscaler.actuate.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.microscaler.localcloud.AutoScalingGroupSpec;
import io.microscaler.localcloud.LocalCloudFixture;
import io.microscaler.localcloud.LocalCloudSettings;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The cluster's capacity read and changed through the SDK, against the local cloud's ECS and Auto Scaling. */
class EcsClusterCapacityIT {

    private static final String CLUSTER = "capacity";
    private static final String GROUP = "asg-capacity";

    private LocalCloudFixture fixture;
    private Vertx vertx;
    private AwsClients clients;
    private EcsClusterCapacity capacity;

    @BeforeEach
    void start() {
        fixture = new LocalCloudFixture(LocalCloudSettings.fast());
        LocalCloudFixture.await(fixture.cloud.addAutoScalingGroup(
                new AutoScalingGroupSpec(GROUP, CLUSTER, 4096, 7680, 1, 4, 2, false)));
        vertx = Vertx.vertx();
        clients = AwsClients.create(AwsSettings.endpoint(fixture.cloud.endpoint(), fixture.cloud.region(), "AKIDCLUSTER", "local"));
        AwsCalls calls = new AwsCalls(vertx, new AwsCalls.Settings(4, Duration.ofMillis(10), Duration.ofMillis(100),
                Duration.ofSeconds(20), 50, 20), AwsCallListener.NONE);
        capacity = new EcsClusterCapacity(clients, calls, CLUSTER, Optional.of(GROUP));
    }

    @AfterEach
    void stop() {
        clients.close();
        LocalCloudFixture.await(vertx.close());
        fixture.close();
    }

    @Test
    void readsInstancesAndGroupThenGrowsDrainsAndTerminatesTheChosenInstance() {
        ClusterView first = awaitView(v -> v.instances().size() == 2);
        assertThat(first.instances()).allSatisfy(i -> {
            assertThat(i.active()).isTrue();
            assertThat(i.registeredCpu()).isEqualTo(4096);
            assertThat(i.registeredMemoryMiB()).isEqualTo(7680);
            assertThat(i.remainingMemoryMiB()).isEqualTo(7680);
            assertThat(i.ec2InstanceId()).startsWith("i-");
        });
        assertThat(first.group()).get().satisfies(g -> {
            assertThat(g.desired()).isEqualTo(2);
            assertThat(g.min()).isEqualTo(1);
            assertThat(g.max()).isEqualTo(4);
            assertThat(g.instances()).extracting(ClusterView.GroupInstance::instanceId)
                    .containsExactlyInAnyOrderElementsOf(first.instances().stream().map(ClusterView.Instance::ec2InstanceId).toList());
        });

        onContext(() -> capacity.setDesired(3));
        ClusterView grown = awaitView(v -> v.instances().size() == 3);
        assertThat(grown.group()).get().extracting(ClusterView.Group::desired).isEqualTo(3);

        ClusterView.Instance victim = grown.instances().get(1);
        onContext(() -> capacity.drain(victim.containerInstanceArn()));
        assertThat(awaitView(v -> true).byEc2Id(victim.ec2InstanceId())).get()
                .extracting(ClusterView.Instance::status).isEqualTo("DRAINING");

        onContext(() -> capacity.terminate(victim.ec2InstanceId()));
        ClusterView shrunk = awaitView(v -> v.instances().size() == 2);
        assertThat(shrunk.byEc2Id(victim.ec2InstanceId())).isEmpty();
        assertThat(shrunk.group()).get().extracting(ClusterView.Group::desired).isEqualTo(2);
    }

    private ClusterView awaitView(java.util.function.Predicate<ClusterView> until) {
        return await().atMost(Duration.ofSeconds(20)).until(() -> onContext(capacity::read), until);
    }

    /** AwsCalls must be used from a Vert.x context. */
    private <T> T onContext(Supplier<Future<T>> call) {
        Promise<T> result = Promise.promise();
        vertx.getOrCreateContext().runOnContext(v -> call.get().onComplete(result));
        return LocalCloudFixture.await(result.future());
    }
}
