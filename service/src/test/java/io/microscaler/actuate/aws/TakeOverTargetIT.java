package io.microscaler.actuate.aws;

import static io.microscaler.localcloud.LocalCloudFixture.call;
import static org.assertj.core.api.Assertions.assertThat;

import io.microscaler.actuate.DryRunTarget;
import io.microscaler.localcloud.LocalCloudFixture;
import io.microscaler.localcloud.LocalCloudSettings;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;

/**
 * {@link TakeOverTarget} on the local cloud, its paths that {@code TakeOverIT} does not take: hand-back
 * on stop ({@code actuator.handBackOnStop}), a tag left by an earlier take-over never overwritten
 * (a restart after a crash between tag and suspend), and a read that AWS refuses holding the service
 * as {@code dynamic-scaling-unknown}.
 */
class TakeOverTargetIT {

    private static final String CLUSTER = "prod";
    private static LocalCloudFixture cloud;
    private static AwsClients operator;
    private static Vertx vertx;

    @BeforeAll
    static void start() {
        cloud = new LocalCloudFixture(LocalCloudSettings.fast());
        operator = AwsClients.create(AwsSettings.endpoint(cloud.cloud.endpoint(), cloud.cloud.region(), "AKIDOPERATOR", "x"));
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        operator.close();
        call(vertx.close().toCompletionStage().toCompletableFuture());
        cloud.close();
    }

    @Test
    void handBackOnStopRestoresWhatTakeOverSuspended() {
        underTargetTracking("a");
        try (AwsClients app = app("AKIDAPP")) {
            TakeOverTarget target = target(app, "a", true);
            onContext(target::start);
            assertThat(target("a").suspendedState().dynamicScalingOutSuspended()).isTrue();
            assertThat(target.held("a")).isEmpty();

            onContext(target::stop);
            ScalableTarget after = target("a");
            assertThat(after.suspendedState().dynamicScalingInSuspended()).isFalse();
            assertThat(after.suspendedState().dynamicScalingOutSuspended()).isFalse();
            assertThat(tags(after)).doesNotContainKey(DynamicScaling.TAG);
        }
    }

    @Test
    void aTagFromAnEarlierTakeOverIsKeptAndIsWhatHandBackRestores() {
        underTargetTracking("b");
        // An earlier take-over recorded "scale-out suspended" and crashed before suspending anything
        String recorded = new DynamicScaling.Suspension(false, true, false).tagValue();
        call(operator.applicationAutoScaling().tagResource(r -> r.resourceARN(target("b").scalableTargetARN())
                .tags(Map.of(DynamicScaling.TAG, recorded))));
        try (AwsClients app = app("AKIDAPP")) {
            TakeOverTarget target = target(app, "b", true);
            onContext(target::start);
            assertThat(tags(target("b")).get(DynamicScaling.TAG)).as("not overwritten with the state found").isEqualTo(recorded);
            assertThat(target("b").suspendedState().dynamicScalingInSuspended()).isTrue();

            onContext(target::stop);
            assertThat(target("b").suspendedState().dynamicScalingInSuspended()).isFalse();
            assertThat(target("b").suspendedState().dynamicScalingOutSuspended()).as("as recorded").isTrue();
        }
    }

    @Test
    void aRefusedReadHoldsTheServiceAsUnknown() {
        underTargetTracking("c");
        try (AwsClients app = app("DENIEDAPP")) { // the local cloud refuses keys starting DENIED as IAM would
            TakeOverTarget target = target(app, "c", true);
            onContext(target::start);
            assertThat(target.held("c")).hasValueSatisfying(p -> {
                assertThat(p.cause()).isEqualTo(TakeOverTarget.DYNAMIC_SCALING_UNKNOWN);
                assertThat(p.message()).contains("not authorized").contains("DescribeScalableTargets");
            });
            assertThat(target("c").suspendedState().dynamicScalingOutSuspended()).as("nothing changed").isFalse();
        }
    }

    private static AwsClients app(String key) {
        return AwsClients.create(AwsSettings.endpoint(cloud.cloud.endpoint(), cloud.cloud.region(), key, "x"));
    }

    private static TakeOverTarget target(AwsClients app, String service, boolean handBackOnStop) {
        AwsCalls calls = new AwsCalls(vertx, new AwsCalls.Settings(2, Duration.ofMillis(10), Duration.ofMillis(50),
                Duration.ofSeconds(5), 1000, 1000), AwsCallListener.NONE);
        return new TakeOverTarget(new DryRunTarget(Map.of(service, 2)),
                new ScalableTargetCalls(app.applicationAutoScaling(), calls, CLUSTER), Map.of(service, true), false,
                handBackOnStop);
    }

    private static void underTargetTracking(String service) {
        String resource = "service/" + CLUSTER + "/" + service;
        call(operator.applicationAutoScaling().registerScalableTarget(r -> r.serviceNamespace("ecs").resourceId(resource)
                .scalableDimension("ecs:service:DesiredCount").minCapacity(1).maxCapacity(10)));
        call(operator.applicationAutoScaling().putScalingPolicy(r -> r.policyName("cpu").serviceNamespace("ecs")
                .resourceId(resource).scalableDimension("ecs:service:DesiredCount").policyType("TargetTrackingScaling")
                .targetTrackingScalingPolicyConfiguration(c -> c.targetValue(60.0))));
    }

    private static ScalableTarget target(String service) {
        return call(operator.applicationAutoScaling().describeScalableTargets(r -> r.serviceNamespace("ecs")
                .resourceIds("service/" + CLUSTER + "/" + service))).scalableTargets().get(0);
    }

    private static Map<String, String> tags(ScalableTarget target) {
        return call(operator.applicationAutoScaling().listTagsForResource(r -> r.resourceARN(target.scalableTargetARN())))
                .tags();
    }

    /** Runs {@code action} on a Vert.x context, as the actuator does, and waits for it. */
    private static void onContext(Supplier<Future<Void>> action) {
        Promise<Void> done = Promise.promise();
        vertx.getOrCreateContext().runOnContext(v -> action.get().onComplete(done));
        try {
            done.future().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
