package io.microscaler.localcloud.elb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.microscaler.localcloud.HealthyTargets;
import io.microscaler.localcloud.LocalCloudFixture;
import io.microscaler.localcloud.LocalCloudSettings;
import io.microscaler.localcloud.query.SdkClients;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2AsyncClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateTargetGroupResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DuplicateTargetGroupNameException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ElasticLoadBalancingV2Exception;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.InvalidTargetException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupAttribute;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthReasonEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

/** Every ELBv2 operation the actuator uses, through the real SDK client over HTTP. */
class ElbV2ApiIT {

    static LocalCloudFixture cloud;
    static ElasticLoadBalancingV2AsyncClient elb;
    /** Ports whose health checks fail; every other port passes. */
    static final Set<Integer> failing = ConcurrentHashMap.newKeySet();
    /** Ports whose first health check answers only when the test completes this future (on the cloud's context). */
    static final Map<Integer, CompletableFuture<Boolean>> held = new ConcurrentHashMap<>();
    /** Every host a health check was sent to. */
    static final Set<String> probedHosts = ConcurrentHashMap.newKeySet();

    @BeforeAll
    static void start() {
        // The whole local cloud, its router included, as the actuator sees it
        cloud = new LocalCloudFixture(LocalCloudSettings.fast(), (host, port, path) -> {
            probedHosts.add(host);
            CompletableFuture<Boolean> hold = held.remove(port);
            return hold != null
                    ? Future.fromCompletionStage(hold, Vertx.currentContext())
                    : Future.succeededFuture(!failing.contains(port));
        });
        elb = SdkClients.elb(cloud.cloud.endpoint());
    }

    @AfterAll
    static void stop() {
        elb.close();
        cloud.close();
    }

    @AfterEach
    void noFaults() {
        cloud.cloud.faults().clearAll();
        failing.clear();
        held.clear();
    }

    static <T> T join(CompletableFuture<T> call) {
        return call.orTimeout(10, TimeUnit.SECONDS).join();
    }

    static HealthyTargets healthy() {
        return cloud.cloud.healthyTargets();
    }

    static String createGroup(String name, int threshold) {
        CreateTargetGroupResponse created = join(elb.createTargetGroup(b -> b.name(name)
                .protocol(ProtocolEnum.HTTP).port(8080).vpcId("vpc-local").targetType(TargetTypeEnum.INSTANCE)
                .healthCheckPath("/health").healthCheckIntervalSeconds(5)
                .healthyThresholdCount(threshold).unhealthyThresholdCount(2)));
        return created.targetGroups().get(0).targetGroupArn();
    }

    static List<TargetHealthDescription> health(String arn, TargetDescription... targets) {
        return join(elb.describeTargetHealth(b -> {
            b.targetGroupArn(arn);
            if (targets.length > 0) {
                b.targets(targets);
            }
        })).targetHealthDescriptions();
    }

    static TargetDescription target(String id, int port) {
        return TargetDescription.builder().id(id).port(port).build();
    }

    @Test
    void createTargetGroupIsIdempotentAndDescribedAsCreated() {
        String arn = createGroup("iiif", 3);
        assertThat(arn).matches("arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/iiif/[0-9a-f]{16}");
        assertThat(createGroup("iiif", 3)).isEqualTo(arn);

        TargetGroup group = join(elb.describeTargetGroups(b -> b.names("iiif"))).targetGroups().get(0);
        assertThat(group.targetGroupArn()).isEqualTo(arn);
        assertThat(group.targetGroupName()).isEqualTo("iiif");
        assertThat(group.protocol()).isEqualTo(ProtocolEnum.HTTP);
        assertThat(group.port()).isEqualTo(8080);
        assertThat(group.vpcId()).isEqualTo("vpc-local");
        assertThat(group.targetType()).isEqualTo(TargetTypeEnum.INSTANCE);
        assertThat(group.healthCheckPath()).isEqualTo("/health");
        assertThat(group.healthCheckPort()).isEqualTo("traffic-port");
        assertThat(group.healthCheckIntervalSeconds()).isEqualTo(5);
        assertThat(group.healthyThresholdCount()).isEqualTo(3);
        assertThat(group.unhealthyThresholdCount()).isEqualTo(2);
        assertThat(group.matcher().httpCode()).isEqualTo("200");
        assertThat(join(elb.describeTargetGroups(b -> b.targetGroupArns(arn))).targetGroups())
                .extracting(TargetGroup::targetGroupName).containsExactly("iiif");
        assertThat(join(elb.describeTargetGroups(b -> { })).targetGroups())
                .extracting(TargetGroup::targetGroupArn).contains(arn);
    }

    @Test
    void sameNameWithOtherSettingsIsADuplicate() {
        createGroup("dup", 3);
        assertThatThrownBy(() -> createGroup("dup", 4))
                .isInstanceOf(CompletionException.class)
                .hasCauseInstanceOf(DuplicateTargetGroupNameException.class);
    }

    @Test
    void badSettingsAreAValidationError() {
        assertThatThrownBy(() -> join(elb.createTargetGroup(b -> b.name("bad")
                .protocol(ProtocolEnum.HTTP).port(8080).vpcId("vpc-local").healthyThresholdCount(11))))
                .cause().isInstanceOf(ElasticLoadBalancingV2Exception.class)
                .satisfies(e -> assertThat(errorCode(e)).isEqualTo("ValidationError"))
                .hasMessageContaining("healthyThresholdCount");
    }

    @Test
    void unknownGroupsAreNotFound() {
        String missing = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/none/0000000000000000";
        assertThatThrownBy(() -> join(elb.describeTargetGroups(b -> b.names("none"))))
                .cause().isInstanceOf(TargetGroupNotFoundException.class);
        assertThatThrownBy(() -> join(elb.describeTargetGroups(b -> b.targetGroupArns(missing))))
                .cause().isInstanceOf(TargetGroupNotFoundException.class);
        assertThatThrownBy(() -> join(elb.registerTargets(b -> b.targetGroupArn(missing).targets(target("i-0123456789abcdef0", 1)))))
                .cause().isInstanceOf(TargetGroupNotFoundException.class);
        assertThatThrownBy(() -> join(elb.describeTargetHealth(b -> b.targetGroupArn(missing))))
                .cause().isInstanceOf(TargetGroupNotFoundException.class);
    }

    @Test
    void registeredTargetIsInitialThenHealthyThenDrainsAway() {
        String arn = createGroup("web", 2);
        String id = "i-0a1b2c3d4e5f60718";
        CompletableFuture<Boolean> firstCheck = new CompletableFuture<>();
        held.put(32768, firstCheck); // so the target is still "initial" when read, however slow the machine
        join(elb.registerTargets(b -> b.targetGroupArn(arn).targets(target(id, 32768))));

        TargetHealthDescription first = health(arn).get(0);
        assertThat(first.target().id()).isEqualTo(id);
        assertThat(first.target().port()).isEqualTo(32768);
        assertThat(first.healthCheckPort()).isEqualTo("32768");
        assertThat(first.targetHealth().state()).isEqualTo(TargetHealthStateEnum.INITIAL);
        assertThat(first.targetHealth().reason()).isEqualTo(TargetHealthReasonEnum.ELB_REGISTRATION_IN_PROGRESS);
        firstCheck.complete(true);

        await().atMost(Duration.ofSeconds(5)).until(() ->
                health(arn).get(0).targetHealth().state() == TargetHealthStateEnum.HEALTHY);
        assertThat(health(arn).get(0).targetHealth().reason()).isNull();
        assertThat(healthy().of("web")).containsExactly(new HealthyTargets.Target(id, "127.0.0.1", 32768));

        join(elb.deregisterTargets(b -> b.targetGroupArn(arn).targets(target(id, 32768))));
        List<TargetHealthDescription> draining = health(arn);
        if (!draining.isEmpty()) { // the fast settings' 50 ms delay may already have passed
            assertThat(draining.get(0).targetHealth().state()).isEqualTo(TargetHealthStateEnum.DRAINING);
            assertThat(draining.get(0).targetHealth().reason()).isEqualTo(TargetHealthReasonEnum.TARGET_DEREGISTRATION_IN_PROGRESS);
        }
        assertThat(healthy().of("web")).isEmpty();
        await().atMost(Duration.ofSeconds(5)).until(() -> health(arn).isEmpty());
    }

    @Test
    void failingHealthChecksMakeATargetUnhealthy() {
        String arn = createGroup("sick", 2);
        failing.add(40001);
        join(elb.registerTargets(b -> b.targetGroupArn(arn).targets(target("i-00000000000000001", 40001))));
        await().atMost(Duration.ofSeconds(5)).until(() ->
                health(arn).get(0).targetHealth().state() == TargetHealthStateEnum.UNHEALTHY);
        assertThat(health(arn).get(0).targetHealth().reason()).isEqualTo(TargetHealthReasonEnum.TARGET_FAILED_HEALTH_CHECKS);
        assertThat(healthy().of("sick")).isEmpty();
        failing.clear();
        await().atMost(Duration.ofSeconds(5)).until(() -> healthy().of("sick").size() == 1);
    }

    @Test
    void targetsAskedForButNotRegisteredAreUnused() {
        String arn = createGroup("asked", 2);
        join(elb.registerTargets(b -> b.targetGroupArn(arn).targets(target("i-00000000000000002", 40002))));
        List<TargetHealthDescription> described = health(arn,
                target("i-00000000000000002", 40002), target("i-00000000000000003", 40003));
        assertThat(described).hasSize(2);
        assertThat(described.get(0).targetHealth().state()).isIn(TargetHealthStateEnum.INITIAL, TargetHealthStateEnum.HEALTHY);
        assertThat(described.get(1).target().id()).isEqualTo("i-00000000000000003");
        assertThat(described.get(1).targetHealth().state()).isEqualTo(TargetHealthStateEnum.UNUSED);
        assertThat(described.get(1).targetHealth().reason()).isEqualTo(TargetHealthReasonEnum.TARGET_NOT_REGISTERED);
    }

    @Test
    void invalidOrUnregisteredTargetsAreInvalidTarget() {
        String arn = createGroup("strict", 2);
        assertThatThrownBy(() -> join(elb.registerTargets(b -> b.targetGroupArn(arn).targets(target("not-an-instance", 80)))))
                .cause().isInstanceOf(InvalidTargetException.class);
        assertThatThrownBy(() -> join(elb.deregisterTargets(b -> b.targetGroupArn(arn).targets(target("i-00000000000000009", 80)))))
                .cause().isInstanceOf(InvalidTargetException.class);
    }

    @Test
    void attributesSetTheDeregistrationDelay() {
        String arn = createGroup("attrs", 2);
        Map<String, String> before = attributes(join(elb.describeTargetGroupAttributes(b -> b.targetGroupArn(arn))).attributes());
        assertThat(before).containsEntry("deregistration_delay.timeout_seconds", "300");
        List<TargetGroupAttribute> after = join(elb.modifyTargetGroupAttributes(b -> b.targetGroupArn(arn).attributes(
                TargetGroupAttribute.builder().key("deregistration_delay.timeout_seconds").value("0").build()))).attributes();
        assertThat(attributes(after)).containsEntry("deregistration_delay.timeout_seconds", "0");
        assertThatThrownBy(() -> join(elb.modifyTargetGroupAttributes(b -> b.targetGroupArn(arn).attributes(
                TargetGroupAttribute.builder().key("deregistration_delay.timeout_seconds").value("4000").build()))))
                .cause().isInstanceOf(ElasticLoadBalancingV2Exception.class)
                .satisfies(e -> assertThat(errorCode(e)).isEqualTo("ValidationError"));
    }

    private static String errorCode(Throwable e) {
        return ((AwsServiceException) e).awsErrorDetails().errorCode();
    }

    private static Map<String, String> attributes(List<TargetGroupAttribute> list) {
        return list.stream().collect(java.util.stream.Collectors.toMap(TargetGroupAttribute::key, TargetGroupAttribute::value));
    }

    @Test
    void throttlingReachesTheSdkAsAThrottlingError() {
        cloud.cloud.faults().set("elbv2:DescribeTargetGroups", 1.0, 0, 0);
        assertThatThrownBy(() -> join(elb.describeTargetGroups(b -> { })))
                .cause().isInstanceOf(ElasticLoadBalancingV2Exception.class)
                .satisfies(e -> {
                    AwsServiceException aws = (AwsServiceException) e;
                    assertThat(aws.awsErrorDetails().errorCode()).isEqualTo("Throttling");
                    assertThat(aws.statusCode()).isEqualTo(400);
                    assertThat(aws.isThrottlingException()).isTrue();
                    assertThat(aws.requestId()).isNotBlank();
                });
    }

    @Test
    void ipTargetGroupsTakeLoopbackAddressesAndRouteToThem() {
        String arn = join(elb.createTargetGroup(b -> b.name("fargate-ip").protocol(ProtocolEnum.HTTP).port(8080)
                .vpcId("vpc-local").targetType(TargetTypeEnum.IP).healthCheckPath("/health").healthCheckIntervalSeconds(5)
                .healthyThresholdCount(2))).targetGroups().get(0).targetGroupArn();
        assertThat(join(elb.describeTargetGroups(b -> b.targetGroupArns(arn))).targetGroups().get(0).targetType())
                .isEqualTo(TargetTypeEnum.IP);

        join(elb.registerTargets(b -> b.targetGroupArn(arn).targets(target("127.0.0.7", 8080))));

        await().atMost(Duration.ofSeconds(10)).until(() -> health(arn).stream()
                .anyMatch(h -> h.targetHealth().state() == TargetHealthStateEnum.HEALTHY));
        assertThat(health(arn)).singleElement().satisfies(h -> assertThat(h.target().id()).isEqualTo("127.0.0.7"));
        assertThat(probedHosts).as("health checks go to the target's own address").contains("127.0.0.7");
        assertThat(healthy().of("fargate-ip")).containsExactly(new HealthyTargets.Target("127.0.0.7", "127.0.0.7", 8080));
        assertThatThrownBy(() -> join(elb.registerTargets(b -> b.targetGroupArn(arn).targets(target("i-0123456789abcdef0", 8080)))))
                .cause().isInstanceOf(InvalidTargetException.class).hasMessageContaining("not valid IPv4 addresses");
        assertThatThrownBy(() -> join(elb.registerTargets(b -> b.targetGroupArn(arn).targets(target("10.0.0.5", 8080)))))
                .cause().isInstanceOf(InvalidTargetException.class).hasMessageContaining("not in the local cloud's network");
        String instances = createGroup("by-instance", 2);
        assertThatThrownBy(() -> join(elb.registerTargets(b -> b.targetGroupArn(instances).targets(target("127.0.0.7", 8080)))))
                .cause().isInstanceOf(InvalidTargetException.class).hasMessageContaining("not valid instance IDs");
    }
}
