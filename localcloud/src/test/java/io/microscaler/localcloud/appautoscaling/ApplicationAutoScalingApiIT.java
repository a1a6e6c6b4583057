package io.microscaler.localcloud.appautoscaling;

import static io.microscaler.localcloud.LocalCloudFixture.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.microscaler.localcloud.LocalCloudFixture;
import io.microscaler.localcloud.LocalCloudSettings;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingAsyncClient;
import software.amazon.awssdk.services.applicationautoscaling.model.MetricType;
import software.amazon.awssdk.services.applicationautoscaling.model.ObjectNotFoundException;
import software.amazon.awssdk.services.applicationautoscaling.model.PolicyType;
import software.amazon.awssdk.services.applicationautoscaling.model.ResourceNotFoundException;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableDimension;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalingPolicy;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.applicationautoscaling.model.ValidationException;

/**
 * Every Application Auto Scaling operation the local cloud serves, driven through the real SDK
 * client over HTTP (awsJson1_1, {@code AnyScaleFrontendService}): what the SDK sends is what the
 * emulation reads, and what it answers the SDK parses, errors mapped to the SDK's exception types.
 */
class ApplicationAutoScalingApiIT {

    private static LocalCloudFixture fixture;
    private static SdkAsyncHttpClient http;
    private static ApplicationAutoScalingAsyncClient aas;

    @BeforeAll
    static void start() {
        fixture = new LocalCloudFixture(LocalCloudSettings.fast());
        http = NettyNioAsyncHttpClient.builder().build();
        aas = ApplicationAutoScalingAsyncClient.builder().endpointOverride(fixture.cloud.endpoint())
                .region(Region.of(fixture.cloud.region())).httpClient(http)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDAAS", "secret")))
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    }

    @AfterAll
    static void stop() {
        aas.close();
        http.close();
        fixture.close();
    }

    @Test
    void aTargetIsRegisteredDescribedSuspendedAndRestored() {
        String resource = "service/c1/web";
        String arn = call(aas.registerScalableTarget(r -> r.serviceNamespace(ServiceNamespace.ECS).resourceId(resource)
                .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT).minCapacity(1).maxCapacity(10)))
                .scalableTargetARN();
        assertThat(arn).startsWith("arn:aws:application-autoscaling:" + fixture.cloud.region() + ":").contains(":scalable-target/");

        ScalableTarget target = describe(resource);
        assertThat(target.minCapacity()).isEqualTo(1);
        assertThat(target.maxCapacity()).isEqualTo(10);
        assertThat(target.scalableTargetARN()).isEqualTo(arn);
        assertThat(target.creationTime()).isNotNull();
        assertThat(target.suspendedState().dynamicScalingInSuspended()).isFalse();
        assertThat(target.suspendedState().dynamicScalingOutSuspended()).isFalse();

        // Re-registering with only a suspended state keeps the capacities and the ARN
        assertThat(call(aas.registerScalableTarget(r -> r.serviceNamespace(ServiceNamespace.ECS).resourceId(resource)
                .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT)
                .suspendedState(s -> s.dynamicScalingInSuspended(true).dynamicScalingOutSuspended(true))))
                .scalableTargetARN()).isEqualTo(arn);
        target = describe(resource);
        assertThat(target.suspendedState().dynamicScalingInSuspended()).isTrue();
        assertThat(target.suspendedState().dynamicScalingOutSuspended()).isTrue();
        assertThat(target.suspendedState().scheduledScalingSuspended()).isFalse();
        assertThat(target.maxCapacity()).isEqualTo(10);

        call(aas.registerScalableTarget(r -> r.serviceNamespace(ServiceNamespace.ECS).resourceId(resource)
                .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT)
                .suspendedState(s -> s.dynamicScalingInSuspended(false).dynamicScalingOutSuspended(false))));
        assertThat(describe(resource).suspendedState().dynamicScalingOutSuspended()).isFalse();
        assertThat(fixture.cloud.calls().calls("AKIDAAS")).containsKeys("application-autoscaling:RegisterScalableTarget",
                "application-autoscaling:DescribeScalableTargets");
    }

    @Test
    void policiesAreStoredAndDescribedForTheirTargetOnly() {
        String resource = "service/c1/api";
        call(aas.registerScalableTarget(r -> r.serviceNamespace(ServiceNamespace.ECS).resourceId(resource)
                .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT).minCapacity(2).maxCapacity(20)));
        String policyArn = call(aas.putScalingPolicy(r -> r.policyName("cpu75").serviceNamespace(ServiceNamespace.ECS)
                .resourceId(resource).scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT)
                .policyType(PolicyType.TARGET_TRACKING_SCALING)
                .targetTrackingScalingPolicyConfiguration(c -> c.targetValue(75.0).predefinedMetricSpecification(
                        m -> m.predefinedMetricType(MetricType.ECS_SERVICE_AVERAGE_CPU_UTILIZATION))))).policyARN();

        var policies = call(aas.describeScalingPolicies(r -> r.serviceNamespace(ServiceNamespace.ECS).resourceId(resource)
                .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT))).scalingPolicies();
        assertThat(policies).singleElement().satisfies(p -> {
            assertThat(p.policyARN()).isEqualTo(policyArn);
            assertThat(p.policyName()).isEqualTo("cpu75");
            assertThat(p.policyType()).isEqualTo(PolicyType.TARGET_TRACKING_SCALING);
            assertThat(p.targetTrackingScalingPolicyConfiguration().targetValue()).isEqualTo(75.0);
            assertThat(p.targetTrackingScalingPolicyConfiguration().predefinedMetricSpecification().predefinedMetricType())
                    .isEqualTo(MetricType.ECS_SERVICE_AVERAGE_CPU_UTILIZATION);
        });
        assertThat(call(aas.describeScalingPolicies(r -> r.serviceNamespace(ServiceNamespace.ECS)
                .resourceId("service/c1/other"))).scalingPolicies()).isEmpty();
        assertThatThrownBy(() -> call(aas.putScalingPolicy(r -> r.policyName("p").serviceNamespace(ServiceNamespace.ECS)
                .resourceId("service/c1/unregistered").scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT)
                .policyType(PolicyType.TARGET_TRACKING_SCALING))))
                .isInstanceOf(ObjectNotFoundException.class).hasMessageContaining("No scalable target registered");
    }

    @Test
    void tagsOnATargetAreAddedListedAndRemoved() {
        String resource = "service/c1/tagged";
        String arn = call(aas.registerScalableTarget(r -> r.serviceNamespace(ServiceNamespace.ECS).resourceId(resource)
                .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT).minCapacity(1).maxCapacity(3)
                .tags(Map.of("team", "images")))).scalableTargetARN();
        call(aas.tagResource(r -> r.resourceARN(arn).tags(Map.of("microscaler:handback", "in=false out=false"))));
        assertThat(call(aas.listTagsForResource(r -> r.resourceARN(arn))).tags())
                .containsExactlyInAnyOrderEntriesOf(Map.of("team", "images", "microscaler:handback", "in=false out=false"));
        call(aas.untagResource(r -> r.resourceARN(arn).tagKeys("microscaler:handback")));
        assertThat(call(aas.listTagsForResource(r -> r.resourceARN(arn))).tags()).containsOnlyKeys("team");
        assertThatThrownBy(() -> call(aas.listTagsForResource(r -> r.resourceARN(arn + "0"))))
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void badRequestsAreRefusedAsAwsRefusesThem() {
        assertThatThrownBy(() -> call(aas.registerScalableTarget(r -> r.serviceNamespace(ServiceNamespace.ECS)
                .resourceId("service/c1/new").scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT))))
                .isInstanceOf(ValidationException.class).hasMessageContaining("MinCapacity and MaxCapacity are required");
        assertThatThrownBy(() -> call(aas.registerScalableTarget(r -> r.serviceNamespace(ServiceNamespace.ECS)
                .resourceId("service/c1/new").scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT)
                .minCapacity(5).maxCapacity(2))))
                .isInstanceOf(ValidationException.class).hasMessageContaining("greater than maximum");
    }

    private static ScalableTarget describe(String resource) {
        return call(aas.describeScalableTargets(r -> r.serviceNamespace(ServiceNamespace.ECS).resourceIds(resource)
                .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT))).scalableTargets().get(0);
    }
}
