package io.microscaler.localcloud.elb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.microscaler.localcloud.AwsError;
import io.microscaler.localcloud.AwsRequest;
import io.microscaler.localcloud.HealthProbe;
import io.microscaler.localcloud.HealthyTargets.Target;
import io.microscaler.localcloud.LocalCloudSettings;
import io.microscaler.localcloud.query.OnContext;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Target health, draining and the healthy-target snapshot, driven without HTTP on one context. */
@ExtendWith(VertxExtension.class)
class TargetHealthTest {

    static final String ID = "i-0123456789abcdef0";
    /** Long enough to see a target draining, short enough to wait out. */
    static final Duration DRAIN = Duration.ofMillis(300);

    Vertx vertx;
    Context context;
    /** What the probe answers next; each check is recorded by port. */
    final AtomicReference<Future<Boolean>> answer = new AtomicReference<>(Future.succeededFuture(true));
    final List<Integer> probed = new CopyOnWriteArrayList<>();
    ElbV2Api elb;

    @BeforeEach
    void setUp(Vertx vertx) {
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        HealthProbe probe = (host, port, path) -> {
            assertThat(host).isEqualTo("127.0.0.1");
            assertThat(path).isEqualTo("/health");
            probed.add(port);
            return answer.get();
        };
        LocalCloudSettings fast = LocalCloudSettings.fast();
        LocalCloudSettings settings = new LocalCloudSettings(fast.host(), fast.port(), fast.region(), fast.accountId(),
                fast.taskStartDelay(), fast.taskStopTimeout(), fast.healthCheckInterval(), DRAIN,
                fast.instanceBootDelay(), fast.spotInterruptionNotice(), fast.seed());
        elb = OnContext.call(context, () -> new ElbV2Api(vertx, settings, probe));
    }

    String createGroup(String name, String extra) {
        String body = "Action=CreateTargetGroup&Version=2015-12-01&Name=" + name + "&Protocol=HTTP&Port=80&VpcId=vpc-1"
                + "&HealthCheckPath=%2Fhealth&HealthyThresholdCount=2&UnhealthyThresholdCount=2" + extra;
        String xml = call(body);
        return xml.replaceAll("(?s).*<TargetGroupArn>([^<]+)</TargetGroupArn>.*", "$1");
    }

    String call(String body) {
        AwsRequest request = new AwsRequest(Map.of(), Buffer.buffer(body), "elasticloadbalancing");
        return OnContext.call(context, () -> elb.handle(request)).toCompletionStage().toCompletableFuture().join().body().toString();
    }

    List<Target> healthy(String name) {
        return elb.healthyTargets().of(name);
    }

    @Test
    void aTargetBecomesHealthyAfterTheThresholdAndIsPublished() {
        String arn = createGroup("a", "");
        OnContext.run(context, () -> elb.register(arn, ID, 32768));
        assertThat(healthy("a")).isEmpty();
        await().atMost(Duration.ofSeconds(5)).until(() -> healthy("a").size() == 1);
        assertThat(healthy("a")).containsExactly(new Target(ID, "127.0.0.1", 32768));
        assertThat(probed).hasSizeGreaterThanOrEqualTo(2).containsOnly(32768);
        assertThatThrownBy(() -> healthy("a").add(new Target("i-x", "h", 1))).isInstanceOf(UnsupportedOperationException.class);
        assertThat(healthy("unknown")).isEmpty();
    }

    @Test
    void aProbeInFlightIsNotRepeated() {
        String arn = createGroup("b", "");
        answer.set(Promise.<Boolean>promise().future()); // never answers
        OnContext.run(context, () -> elb.register(arn, ID, 32768));
        await().atMost(Duration.ofSeconds(5)).until(() -> probed.size() == 1);
        await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(1)).until(() -> probed.size() == 1);
        assertThat(call("Action=DescribeTargetHealth&Version=2015-12-01&TargetGroupArn=" + arn))
                .contains("<State>initial</State>").contains("<Reason>Elb.RegistrationInProgress</Reason>");
    }

    @Test
    void aFailingOrThrowingProbeCountsAsAFailedCheck() {
        String arn = createGroup("c", "");
        answer.set(Future.failedFuture(new IllegalStateException("connection refused")));
        OnContext.run(context, () -> elb.register(arn, ID, 32768));
        await().atMost(Duration.ofSeconds(5)).until(() ->
                call("Action=DescribeTargetHealth&Version=2015-12-01&TargetGroupArn=" + arn).contains("<State>unhealthy</State>"));
        assertThat(healthy("c")).isEmpty();
    }

    @Test
    void drainingTakesTheDeregistrationDelayThenCallsBack() {
        String arn = createGroup("d", "");
        OnContext.run(context, () -> elb.register(arn, ID, 32768));
        await().atMost(Duration.ofSeconds(5)).until(() -> healthy("d").size() == 1);
        AtomicInteger drained = new AtomicInteger();
        OnContext.run(context, () -> {
            elb.deregister(arn, ID, 32768, drained::incrementAndGet);
            elb.deregister(arn, ID, 32768, drained::incrementAndGet); // a second caller waits too
        });
        assertThat(healthy("d")).isEmpty();
        assertThat(drained).hasValue(0);
        assertThat(call("Action=DescribeTargetHealth&Version=2015-12-01&TargetGroupArn=" + arn))
                .contains("<State>draining</State>").contains("<Reason>Target.DeregistrationInProgress</Reason>");
        await().atMost(Duration.ofSeconds(5)).until(() -> drained.get() == 2);
        assertThat(call("Action=DescribeTargetHealth&Version=2015-12-01&TargetGroupArn=" + arn))
                .doesNotContain("<member>");
    }

    @Test
    void aZeroDeregistrationDelayAttributeDrainsAtOnce() {
        String arn = createGroup("z", "");
        call("Action=ModifyTargetGroupAttributes&Version=2015-12-01&TargetGroupArn=" + arn
                + "&Attributes.member.1.Key=deregistration_delay.timeout_seconds&Attributes.member.1.Value=0");
        AtomicInteger drained = new AtomicInteger();
        OnContext.run(context, () -> {
            elb.register(arn, ID, 32768);
            elb.deregister(arn, ID, 32768, drained::incrementAndGet);
        });
        await().atMost(DRAIN.dividedBy(2)).until(() -> drained.get() == 1);
    }

    @Test
    void deregisteringWhatIsNotThereCallsBackAtOnce() {
        String arn = createGroup("e", "");
        AtomicInteger drained = new AtomicInteger();
        OnContext.run(context, () -> {
            elb.deregister(arn, ID, 1, drained::incrementAndGet);
            elb.deregister(arn + "x", ID, 1, drained::incrementAndGet);
        });
        assertThat(drained).hasValue(2);
    }

    @Test
    void registryChecksGroupsExist() {
        String arn = createGroup("f", "");
        assertThat(OnContext.call(context, () -> elb.exists(arn))).isTrue();
        assertThat(OnContext.call(context, () -> elb.exists(arn + "x"))).isFalse();
        assertThatThrownBy(() -> OnContext.run(context, () -> elb.register(arn + "x", ID, 1)))
                .isInstanceOfSatisfying(AwsError.class, e -> assertThat(e.code()).isEqualTo("TargetGroupNotFound"));
    }

    @Test
    void registeringADrainingTargetAgainStartsItOver() {
        String arn = createGroup("g", "&HealthCheckIntervalSeconds=300");
        AtomicInteger drained = new AtomicInteger();
        OnContext.run(context, () -> {
            elb.register(arn, ID, 32768);
            elb.deregister(arn, ID, 32768, drained::incrementAndGet);
            elb.register(arn, ID, 32768);
        });
        assertThat(call("Action=DescribeTargetHealth&Version=2015-12-01&TargetGroupArn=" + arn)).contains("<State>initial</State>");
        await().atMost(Duration.ofSeconds(5)).until(() -> healthy("g").size() == 1);
        assertThat(drained).hasValue(0);
    }

    @Test
    void withoutHealthChecksTargetsAreUnavailableAndRouted() {
        String arn = createGroup("h", "&HealthCheckEnabled=false");
        OnContext.run(context, () -> elb.register(arn, ID, 32768));
        assertThat(healthy("h")).hasSize(1);
        assertThat(probed).isEmpty();
        assertThat(call("Action=DescribeTargetHealth&Version=2015-12-01&TargetGroupArn=" + arn))
                .contains("<State>unavailable</State>");
    }

    @Test
    void targetGroupNamesAreUniqueAndArnsStable() {
        String arn = createGroup("i", "");
        assertThat(createGroup("i", "")).isEqualTo(arn);
        assertThatThrownBy(() -> createGroup("i", "&Port=81")).cause()
                .isInstanceOfSatisfying(AwsError.class, e -> assertThat(e.code()).isEqualTo("DuplicateTargetGroupName"));
    }
}
