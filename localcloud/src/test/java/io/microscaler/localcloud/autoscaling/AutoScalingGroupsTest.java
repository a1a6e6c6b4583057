package io.microscaler.localcloud.autoscaling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.microscaler.localcloud.AutoScalingGroupSpec;
import io.microscaler.localcloud.AwsError;
import io.microscaler.localcloud.LocalCloudSettings;
import io.microscaler.localcloud.query.OnContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Group semantics without HTTP: launches, boots, scale-in, termination and spot interruptions. */
@ExtendWith(VertxExtension.class)
class AutoScalingGroupsTest {

    static final Instant NOW = Instant.parse("2025-06-01T12:00:00.123Z");
    /** Boot, stop and notice long enough to observe each state. */
    static final Duration STEP = Duration.ofMillis(250);

    Context context;
    AutoScalingGroups groups;
    final RecordingMembership ecs = new RecordingMembership();
    final RecordingMembership.Cluster demo = ecs.cluster("demo");

    @BeforeEach
    void setUp(Vertx vertx) {
        context = vertx.getOrCreateContext();
        LocalCloudSettings fast = LocalCloudSettings.fast();
        LocalCloudSettings settings = new LocalCloudSettings(fast.host(), fast.port(), fast.region(), fast.accountId(),
                fast.taskStartDelay(), STEP, fast.healthCheckInterval(), fast.deregistrationDelay(), STEP, STEP, 7);
        groups = new AutoScalingGroups(vertx, settings, ecs, ecs, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    void add(int min, int max, int desired, boolean spot) {
        OnContext.run(context, () -> groups.add(new AutoScalingGroupSpec("g", "demo", 4096, 7680, min, max, desired, spot)));
    }

    /** Instance id → lifecycle state, read on the context. */
    Map<String, LifecycleState> states() {
        return OnContext.call(context, () -> groups.find("g").orElseThrow().all().stream()
                .collect(Collectors.toMap(i -> i.instanceId, i -> i.state)));
    }

    long count(LifecycleState state) {
        return states().values().stream().filter(s -> s == state).count();
    }

    String first(LifecycleState state) {
        return states().entrySet().stream().filter(e -> e.getValue() == state).map(Map.Entry::getKey).findFirst().orElseThrow();
    }

    @Test
    void launchesPendingInstancesThatBootJoinAndSpreadOverZones() {
        add(0, 6, 3, false);
        assertThat(count(LifecycleState.PENDING)).isEqualTo(3);
        assertThat(demo.joined()).isEmpty();
        List<String> zones = OnContext.call(context, () -> groups.find("g").orElseThrow().all().stream()
                .map(i -> i.availabilityZone).toList());
        assertThat(zones).containsExactlyInAnyOrder("eu-west-1a", "eu-west-1b", "eu-west-1c");
        await().atMost(Duration.ofSeconds(5)).until(() -> count(LifecycleState.IN_SERVICE) == 3);
        assertThat(demo.joined()).containsExactlyInAnyOrderElementsOf(states().keySet().stream()
                .map(id -> new RecordingMembership.Join("demo", id, 4096, 7680, false)).toList());
    }

    @Test
    void groupsMustBeNewAndWithinTheirBounds() {
        add(1, 2, 1, false);
        assertThatThrownBy(() -> add(1, 2, 1, false))
                .isInstanceOfSatisfying(AwsError.class, e -> assertThat(e.code()).isEqualTo("AlreadyExists"));
        assertThatThrownBy(() -> OnContext.run(context, () ->
                groups.add(new AutoScalingGroupSpec("h", "demo", 4096, 7680, 1, 2, 3, false))))
                .isInstanceOfSatisfying(AwsError.class, e -> assertThat(e.code()).isEqualTo("ValidationError"));
    }

    @Test
    void scaleInTerminatesPendingInstancesFirstWithoutTheyEverJoining() {
        add(0, 4, 2, false);
        await().atMost(Duration.ofSeconds(5)).until(() -> count(LifecycleState.IN_SERVICE) == 2);
        OnContext.run(context, () -> groups.setDesired("g", 4));
        OnContext.run(context, () -> groups.setDesired("g", 2));
        assertThat(count(LifecycleState.TERMINATING)).isEqualTo(2);
        assertThat(count(LifecycleState.IN_SERVICE)).isEqualTo(2);
        assertThat(demo.left()).isEmpty();
        await().atMost(Duration.ofSeconds(5)).until(() -> states().size() == 2);
        assertThat(demo.joined()).hasSize(2);
    }

    @Test
    void scaleInOfInServiceInstancesLeavesTheCluster() {
        add(0, 4, 3, false);
        await().atMost(Duration.ofSeconds(5)).until(() -> count(LifecycleState.IN_SERVICE) == 3);
        OnContext.run(context, () -> groups.setDesired("g", 0));
        assertThat(demo.left()).hasSize(3);
        assertThat(count(LifecycleState.TERMINATING)).isEqualTo(3);
        await().atMost(Duration.ofSeconds(5)).until(() -> states().isEmpty());
    }

    @Test
    void desiredCapacityStaysWithinMinAndMax() {
        add(1, 3, 2, false);
        Function<Integer, AwsError> set = n -> {
            try {
                OnContext.run(context, () -> groups.setDesired("g", n));
                return null;
            } catch (AwsError e) {
                return e;
            }
        };
        assertThat(set.apply(4).getMessage()).isEqualTo("New SetDesiredCapacity value 4 is above max value 3 for the AutoScalingGroup.");
        assertThat(set.apply(0).getMessage()).isEqualTo("New SetDesiredCapacity value 0 is below min value 1 for the AutoScalingGroup.");
        assertThat(set.apply(3)).isNull();
        assertThat(OnContext.call(context, () -> groups.find("g").orElseThrow().desired)).isEqualTo(3);
    }

    @Test
    void terminatingTwiceIsHarmlessAndAnActivityEachTime() {
        add(0, 2, 1, false);
        await().atMost(Duration.ofSeconds(5)).until(() -> count(LifecycleState.IN_SERVICE) == 1);
        String id = first(LifecycleState.IN_SERVICE);
        Activity first = OnContext.call(context, () -> groups.terminate(id, true));
        Activity second = OnContext.call(context, () -> groups.terminate(id, true));
        assertThat(first.startTime()).isEqualTo(NOW);
        assertThat(first.cause()).isEqualTo("At " + NOW + " instance " + id
                + " was taken out of service in response to a user request, shrinking the capacity from 1 to 0.");
        assertThat(second.activityId()).isNotEqualTo(first.activityId());
        assertThat(second.cause()).endsWith("was already terminating.");
        assertThat(demo.left()).containsExactly(id);
        assertThat(OnContext.call(context, () -> groups.find("g").orElseThrow().desired)).isZero();
    }

    @Test
    void aPendingInstanceTerminatedNeverJoins() {
        add(0, 2, 1, false);
        String id = first(LifecycleState.PENDING);
        OnContext.call(context, () -> groups.terminate(id, false));
        await().atMost(Duration.ofSeconds(5)).until(() -> count(LifecycleState.IN_SERVICE) == 1);
        assertThat(demo.joinedIds()).doesNotContain(id).hasSize(1);
        assertThat(demo.left()).isEmpty();
    }

    @Test
    void spotInterruptionSendsTheEventBridgeWarningOnceThenReplaces() {
        add(1, 2, 1, true);
        await().atMost(Duration.ofSeconds(5)).until(() -> count(LifecycleState.IN_SERVICE) == 1);
        String id = first(LifecycleState.IN_SERVICE);
        OnContext.run(context, () -> {
            groups.interruptSpot(id);
            groups.interruptSpot(id);
        });
        Map<String, LifecycleState> duringNotice = states();
        List<String> leftDuringNotice = demo.left();
        assertThat(duringNotice).containsEntry(id, LifecycleState.IN_SERVICE);
        assertThat(leftDuringNotice).isEmpty();

        assertThat(demo.events()).hasSize(1);
        JsonObject event = new JsonObject(demo.events().get(0).json());
        assertThat(event.fieldNames()).containsExactly(
                "version", "id", "detail-type", "source", "account", "time", "region", "resources", "detail");
        assertThat(event.getString("version")).isEqualTo("0");
        assertThat(event.getString("id")).matches("[0-9a-f-]{36}");
        assertThat(event.getString("account")).isEqualTo("123456789012");
        assertThat(event.getString("time")).isEqualTo("2025-06-01T12:00:00Z");
        assertThat(event.getString("region")).isEqualTo("eu-west-1");
        assertThat(event.getJsonObject("detail").getMap()).isEqualTo(Map.of("instance-id", id, "instance-action", "terminate"));

        await().atMost(Duration.ofSeconds(5)).until(() -> demo.left().contains(id));
        await().atMost(Duration.ofSeconds(5)).until(() -> count(LifecycleState.IN_SERVICE) == 1 && !states().containsKey(id));
        assertThat(demo.joined()).hasSize(2);
        assertThat(OnContext.call(context, () -> groups.find("g").orElseThrow().desired)).isEqualTo(1);
    }

    @Test
    void onlyLiveSpotInstancesCanBeInterrupted() {
        add(1, 2, 1, false);
        String id = first(LifecycleState.PENDING);
        assertThatThrownBy(() -> OnContext.run(context, () -> groups.interruptSpot(id)))
                .isInstanceOfSatisfying(AwsError.class, e -> assertThat(e.code()).isEqualTo("UnsupportedOperation"));
        assertThatThrownBy(() -> OnContext.run(context, () -> groups.interruptSpot("i-00000000000000000")))
                .isInstanceOfSatisfying(AwsError.class, e -> assertThat(e.code()).isEqualTo("InvalidInstanceID.NotFound"));
        assertThat(demo.events()).isEmpty();
    }

    @Test
    void instanceIdsLookLikeEc2s() {
        add(0, 5, 5, false);
        assertThat(states().keySet()).hasSize(5).allSatisfy(id -> assertThat(id).matches("i-[0-9a-f]{17}"));
    }
}
