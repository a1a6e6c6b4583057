package io.microscaler.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.microscaler.actuate.aws.AwsCallListener;
import io.microscaler.actuate.aws.AwsCalls;
import io.microscaler.actuate.aws.AwsClients;
import io.microscaler.actuate.aws.AwsSettings;
import io.microscaler.actuate.aws.ClusterView;
import io.microscaler.actuate.aws.EcsClusterCapacity;
import io.microscaler.bus.Addresses;
import io.microscaler.bus.ClusterEvent;
import io.microscaler.bus.ClusterLeadership;
import io.microscaler.bus.Codecs;
import io.microscaler.cluster.CapacityAction;
import io.microscaler.localcloud.AutoScalingGroupSpec;
import io.microscaler.localcloud.LocalCloudFixture;
import io.microscaler.localcloud.LocalCloudSettings;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The cluster capacity loop against the local cloud's ECS and Auto Scaling, driven by a scripted rule. */
class ClusterCapacityVerticleIT {

    private static final String CLUSTER = "capacity-loop";
    private static final String GROUP = "asg-capacity-loop";
    /** Long enough that "before the notice ends" is a state the test can see, short enough for a test. */
    private static final Duration NOTICE = Duration.ofSeconds(20);

    private static final CapacityAction HOLD = new CapacityAction.Hold(CapacityAction.Why.IN_BAND, "scripted");

    private LocalCloudFixture fixture;
    private Vertx vertx;
    private AwsClients clients;
    private EcsClusterCapacity capacity;
    private final AtomicReference<CapacityAction> next = new AtomicReference<>(HOLD);

    private void start(boolean spot) {
        fixture = new LocalCloudFixture(LocalCloudSettings.fast().withSpotInterruptionNotice(NOTICE));
        LocalCloudFixture.await(fixture.cloud.addAutoScalingGroup(new AutoScalingGroupSpec(GROUP, CLUSTER, 4096, 7680, 1, 5, 2, spot)));
        vertx = Vertx.vertx();
        Codecs.register(vertx.eventBus());
        clients = AwsClients.create(AwsSettings.endpoint(fixture.cloud.endpoint(), fixture.cloud.region(), "AKIDCLUSTER", "local"));
        capacity = new EcsClusterCapacity(clients, new AwsCalls(vertx, new AwsCalls.Settings(4, Duration.ofMillis(10),
                Duration.ofMillis(100), Duration.ofSeconds(20), 50, 20), AwsCallListener.NONE), CLUSTER, Optional.of(GROUP));
        // The scripted rule answers once, then holds: each test says what the pure rule would have decided.
        LocalCloudFixture.await(vertx.deployVerticle(new ClusterCapacityVerticle(capacity,
                (view, now) -> next.getAndSet(HOLD), Duration.ofMillis(200), Clock.systemUTC())));
        view(v -> v.instances().size() == 2 && v.instances().stream().allMatch(ClusterView.Instance::active));
        vertx.eventBus().publish(Addresses.CLUSTER_LEADERSHIP, new ClusterLeadership("test", true));
    }

    @AfterEach
    void stop() {
        clients.close();
        LocalCloudFixture.await(vertx.close());
        fixture.close();
    }

    @Test
    void aSpotWarningDrainsTheInstanceAndItsReplacementJoinsBeforeTheNoticeEnds() {
        start(true);
        ClusterView start = view(v -> true);
        String doomed = start.instances().get(0).ec2InstanceId();
        String spared = start.instances().get(1).ec2InstanceId();
        // A warning replayed from long ago: its notice has run out, nothing to do (handled in order, before the next)
        vertx.eventBus().publish(Addresses.CLUSTER_EVENTS,
                new ClusterEvent.SpotInterruption(Instant.now().minus(Duration.ofMinutes(3)), spared, "terminate"));
        LocalCloudFixture.await(fixture.cloud.interruptSpot(doomed)); // the warning the local cloud sends is not wired here
        vertx.eventBus().publish(Addresses.CLUSTER_EVENTS, new ClusterEvent.SpotInterruption(Instant.now(), doomed, "terminate"));

        // the doomed one draining and two active: before the drain the start's 2 active would do
        ClusterView replaced = view(v -> v.instances().stream().filter(ClusterView.Instance::active).count() == 2
                && v.byEc2Id(doomed).map(i -> !i.active()).orElse(false));
        assertThat(replaced.byEc2Id(doomed)).get().extracting(ClusterView.Instance::status).isEqualTo("DRAINING");
        assertThat(replaced.byEc2Id(spared)).get().extracting(ClusterView.Instance::status).isEqualTo("ACTIVE");
        assertThat(replaced.group()).get().extracting(ClusterView.Group::desired).isEqualTo(3);
        assertThat(replaced.instances()).hasSize(3);
    }

    @Test
    void scaleOutRaisesTheGroupsDesiredCapacity() {
        start(false);
        next.set(new CapacityAction.ScaleOut(2, 4, "headroom 0 < low 1"));
        ClusterView grown = view(v -> v.instances().size() == 4);
        assertThat(grown.group()).get().extracting(ClusterView.Group::desired).isEqualTo(4);
    }

    @Test
    void scaleInDrainsTheChosenInstanceThenTerminatesItWithTheDesiredCapacityLowered() {
        start(false);
        String chosen = view(v -> true).instances().get(1).ec2InstanceId();
        next.set(new CapacityAction.ScaleIn(chosen, 1, "headroom 12 > high 5"));
        // instances and group are read side by side: wait until both show the termination
        ClusterView shrunk = view(v -> v.instances().size() == 1 && v.group().map(g -> g.desired() == 1).orElse(false));
        assertThat(shrunk.byEc2Id(chosen)).isEmpty();
        assertThat(shrunk.group()).get().extracting(ClusterView.Group::desired).isEqualTo(1);
    }

    private ClusterView view(Predicate<ClusterView> until) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> {
            Promise<ClusterView> read = Promise.promise();
            vertx.getOrCreateContext().runOnContext(v -> capacity.read().onComplete(read));
            return LocalCloudFixture.await(read.future());
        }, until);
    }
}
