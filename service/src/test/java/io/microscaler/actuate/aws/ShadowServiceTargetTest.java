package io.microscaler.actuate.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.microscaler.policy.Capacity;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;

/** Shadow mode's target over fake ECS and ELB clients: it reads, and never updates or repairs. */
@ExtendWith(VertxExtension.class)
class ShadowServiceTargetTest {

    private static final String TG = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/0123456789abcdef";
    private static final AwsCalls.Settings FAST =
            new AwsCalls.Settings(8, Duration.ofMillis(1), Duration.ofMillis(4), Duration.ofSeconds(10), 1000, 1000);

    private final FakeEcs ecs = new FakeEcs();
    private final List<String> repairs = Collections.synchronizedList(new ArrayList<>());
    private Context context;
    private EcsServiceTarget serviceMode;
    private ShadowServiceTarget shadow;

    @BeforeEach
    void setUp(Vertx vertx) {
        context = vertx.getOrCreateContext();
        AwsCallListener listener = new AwsCallListener() {
            @Override
            public void repaired(String service) {
                repairs.add(service);
            }
        };
        AwsCalls calls = new AwsCalls(vertx, FAST, new Backoff(FAST.baseDelay(), FAST.maxDelay(), new Random(1)),
                listener, System::nanoTime);
        FakeElb elb = new FakeElb(TG, TargetHealthStateEnum.HEALTHY, TargetHealthStateEnum.HEALTHY,
                TargetHealthStateEnum.UNHEALTHY);
        serviceMode = new EcsServiceTarget(ecs, elb, calls, "prod", Map.of("web", new EcsServiceTarget.Bounds(1, 10)),
                listener);
        shadow = new ShadowServiceTarget(serviceMode);
    }

    @AfterEach
    void closeFake() {
        ecs.close();
    }

    private <T> Future<T> onContext(Supplier<Future<T>> action) {
        Promise<T> promise = Promise.promise();
        context.runOnContext(v -> action.get().onComplete(promise));
        return promise.future();
    }

    @Test
    void applyOnlyReadsAndReportsTheRealCountsOnTheCallersContext(VertxTestContext test) {
        ecs.service("web", 2, TG);

        context.runOnContext(v -> shadow.apply("web", 5).onComplete(test.succeeding(c -> test.verify(() -> {
            assertThat(Vertx.currentContext()).isSameAs(context);
            assertThat(c).as("ECS's counts, not the 5 asked for").isEqualTo(new Capacity(2, 2, 0));
            assertThat(ecs.counts("web").desired()).isEqualTo(2);
            assertThat(ecs.calls()).containsExactly("DescribeServices web");
            assertThat(shadow.lastHealthy("web")).hasValue(2);
            assertThat(shadow.readOnly()).isTrue();
            test.completeNow();
        }))));
    }

    @Test
    void aCountChangedByItsOwnersIsReadAsItIsAndNeverRepaired(VertxTestContext test) {
        ecs.service("web", 2, null);

        onContext(() -> shadow.apply("web", 6)).compose(c -> {
            ecs.setDesiredBehindTheActuatorsBack("web", 3); // someone else scales the service
            return onContext(() -> shadow.observe("web"));
        }).compose(c -> onContext(() -> shadow.apply("web", 7)).map(after -> List.of(c, after)))
                .onComplete(test.succeeding(reads -> test.verify(() -> {
                    assertThat(reads).containsExactly(new Capacity(3, 3, 0), new Capacity(3, 3, 0));
                    assertThat(ecs.calls()).as("reads only").allMatch(call -> call.startsWith("DescribeServices"))
                            .hasSize(3);
                    assertThat(repairs).isEmpty();
                    assertThat(serviceMode.lastApplied("web")).isEmpty();
                    test.completeNow();
                })));
    }

    @Test
    void lookNeverRepairsEvenAfterAnApplyWhileTheReconcilersReadDoes(VertxTestContext test) {
        ecs.service("web", 2, null);

        onContext(() -> serviceMode.apply("web", 4)).compose(c -> {
            ecs.setDesiredBehindTheActuatorsBack("web", 9);
            return onContext(() -> serviceMode.look("web"));
        }).compose(looked -> onContext(() -> serviceMode.observe("web")).map(observed -> List.of(looked.capacity(), observed)))
                .onComplete(test.succeeding(reads -> test.verify(() -> {
                    assertThat(reads).containsExactly(new Capacity(9, 9, 0), new Capacity(4, 4, 0));
                    assertThat(ecs.calls()).containsExactly("UpdateService web 4", "DescribeServices web",
                            "DescribeServices web", "DescribeServices web", "UpdateService web 4");
                    assertThat(repairs).containsExactly("web");
                    test.completeNow();
                })));
    }

    @Test
    void aMissingServiceIsReportedAsTheServiceTargetReportsIt(VertxTestContext test) {
        context.runOnContext(v -> shadow.observe("gone").onComplete(test.failing(e -> test.verify(() -> {
            assertThat(shadow.problem("gone", e)).hasValueSatisfying(p -> {
                assertThat(p.cause()).isEqualTo(ProblemCauses.SERVICE_MISSING);
                assertThat(p).isEqualTo(serviceMode.problem("gone", e).orElseThrow());
            });
            assertThat(ecs.calls()).containsExactly("DescribeServices gone");
            test.completeNow();
        }))));
    }
}
