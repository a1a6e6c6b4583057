package io.microscaler.actuate.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.microscaler.policy.Capacity;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;

/** {@link EcsServiceTarget} over fake ECS and ELB clients that answer on their own threads. */
@ExtendWith(VertxExtension.class)
class EcsServiceTargetTest {

    private static final String TG = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/web/0123456789abcdef";
    private static final AwsCalls.Settings FAST =
            new AwsCalls.Settings(8, Duration.ofMillis(1), Duration.ofMillis(4), Duration.ofSeconds(10), 1000, 1000);

    private final FakeEcs ecs = new FakeEcs();
    private final List<String> repairs = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Integer> healthy = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<String> attempts = Collections.synchronizedList(new ArrayList<>());
    private Context context;
    private EcsServiceTarget target;

    @BeforeEach
    void setUp(Vertx vertx) {
        context = vertx.getOrCreateContext();
        AwsCallListener listener = new AwsCallListener() {
            @Override
            public void repaired(String service) {
                repairs.add(service);
            }

            @Override
            public void healthy(String service, int count) {
                healthy.put(service, count);
            }

            @Override
            public void attempt(String api, CallOutcome outcome) {
                attempts.add(api + " " + outcome.tag());
            }
        };
        AwsCalls calls = new AwsCalls(vertx, FAST, new Backoff(FAST.baseDelay(), FAST.maxDelay(), new Random(1)),
                listener, System::nanoTime);
        FakeElb elb = new FakeElb(TG, TargetHealthStateEnum.HEALTHY, TargetHealthStateEnum.HEALTHY,
                TargetHealthStateEnum.INITIAL, TargetHealthStateEnum.UNHEALTHY);
        target = new EcsServiceTarget(ecs, elb, calls, "prod", Map.of("api", new EcsServiceTarget.Bounds(1, 10)),
                listener);
    }

    @AfterEach
    void closeFake() {
        ecs.close();
    }

    /** Runs on the target's context, as the actuator verticle would. */
    private <T> Future<T> onContext(java.util.function.Supplier<Future<T>> action) {
        io.vertx.core.Promise<T> promise = io.vertx.core.Promise.promise();
        context.runOnContext(v -> action.get().onComplete(promise));
        return promise.future();
    }

    @Test
    void applyUpdatesTheServiceAndReadsTheCountsBackOnTheCallersContext(VertxTestContext test) {
        ecs.service("web", 2, null);

        context.runOnContext(v -> target.apply("web", 5).onComplete(test.succeeding(c -> test.verify(() -> {
            assertThat(Vertx.currentContext()).isSameAs(context);
            assertThat(c).isEqualTo(new Capacity(5, 5, 0));
            assertThat(ecs.calls()).containsExactly("UpdateService web 5", "DescribeServices web");
            assertThat(target.lastApplied("web")).hasValue(5);
            test.completeNow();
        }))));
    }

    @Test
    void throttlingOnTheWayIsRetriedAway(VertxTestContext test) {
        ecs.service("web", 2, null);
        ecs.failNext(AwsCallsTest.error(400, "ThrottlingException"), AwsCallsTest.error(500, "InternalFailure"));

        context.runOnContext(v -> target.apply("web", 3).onComplete(test.succeeding(c -> test.verify(() -> {
            assertThat(c.desired()).isEqualTo(3);
            assertThat(ecs.calls()).containsExactly("UpdateService web 3", "UpdateService web 3", "UpdateService web 3",
                    "DescribeServices web");
            test.completeNow();
        }))));
    }

    @Test
    void aCountOutsideTheServicesBoundsIsClampedBeforeItIsSent(VertxTestContext test) {
        ecs.service("api", 2, null);

        context.runOnContext(v -> target.apply("api", 50)
                .compose(c -> target.apply("api", 0))
                .onComplete(test.succeeding(c -> test.verify(() -> {
                    assertThat(ecs.calls()).filteredOn(s -> s.startsWith("UpdateService"))
                            .containsExactly("UpdateService api 10", "UpdateService api 1");
                    assertThat(c.desired()).isEqualTo(1);
                    test.completeNow();
                }))));
    }

    @Test
    void aNegativeCountIsRefusedWithoutACall(VertxTestContext test) {
        ecs.service("web", 2, null);

        context.runOnContext(v -> target.apply("web", -1).onComplete(test.failing(e -> test.verify(() -> {
            assertThat(e).hasMessage("desired count for 'web' must be >= 0, but was -1");
            assertThat(ecs.calls()).isEmpty();
            test.completeNow();
        }))));
    }

    @Test
    void theReconcilerRepairsADesiredCountChangedBehindItsBack(VertxTestContext test) {
        ecs.service("web", 2, null);

        onContext(() -> target.apply("web", 4)).compose(c -> {
            ecs.setDesiredBehindTheActuatorsBack("web", 9);
            return onContext(() -> target.observe("web"));
        }).onComplete(test.succeeding(c -> test.verify(() -> {
            assertThat(c.desired()).isEqualTo(4);
            assertThat(ecs.counts("web").desired()).isEqualTo(4);
            assertThat(ecs.calls()).containsExactly("UpdateService web 4", "DescribeServices web",
                    "DescribeServices web", "UpdateService web 4");
            assertThat(repairs).containsExactly("web");
            test.completeNow();
        })));
    }

    @Test
    void aReleasedServiceIsNotRepairedTowardsTheCountThisInstanceLastApplied(VertxTestContext test) {
        ecs.service("web", 2, null);

        onContext(() -> target.apply("web", 6)).compose(c -> {
            target.release("web"); // another instance owns it now, and asked for 7
            ecs.setDesiredBehindTheActuatorsBack("web", 7);
            return onContext(() -> target.observe("web"));
        }).onComplete(test.succeeding(c -> test.verify(() -> {
            assertThat(c.desired()).isEqualTo(7);
            assertThat(ecs.counts("web").desired()).isEqualTo(7);
            assertThat(target.lastApplied("web")).isEmpty();
            assertThat(repairs).isEmpty();
            test.completeNow();
        })));
    }

    @Test
    void aLostApplyIsRepairedByTheNextRead(VertxTestContext test) {
        ecs.service("web", 2, null);
        // Every attempt of the apply fails: ECS never hears of 6.
        RuntimeException[] outage = new RuntimeException[8];
        java.util.Arrays.fill(outage, AwsCallsTest.error(503, "ServiceUnavailable"));
        ecs.failNext(outage);

        onContext(() -> target.apply("web", 6)).recover(e -> {
            assertThat(ecs.counts("web").desired()).isEqualTo(2);
            return onContext(() -> target.observe("web"));
        }).onComplete(test.succeeding(c -> test.verify(() -> {
            assertThat(c.desired()).isEqualTo(6);
            assertThat(ecs.counts("web").desired()).isEqualTo(6);
            assertThat(repairs).containsExactly("web");
            test.completeNow();
        })));
    }

    @Test
    void withoutAnApplyThereIsNothingToRepair(VertxTestContext test) {
        ecs.service("web", 7, null);

        context.runOnContext(v -> target.observe("web").onComplete(test.succeeding(c -> test.verify(() -> {
            assertThat(c).isEqualTo(new Capacity(7, 7, 0));
            assertThat(ecs.calls()).containsExactly("DescribeServices web");
            assertThat(repairs).isEmpty();
            test.completeNow();
        }))));
    }

    @Test
    void readCountsHealthyTargetsOfTheFirstTargetGroup(VertxTestContext test) {
        ecs.service("web", 4, TG);

        context.runOnContext(v -> target.read("web").onComplete(test.succeeding(counts -> test.verify(() -> {
            assertThat(counts).isEqualTo(new ServiceCounts(4, 4, 0, OptionalInt.of(2)));
            test.completeNow();
        }))));
    }

    @Test
    void theReconcilersReadReportsHealthyTargetsToTheListener(VertxTestContext test) {
        ecs.service("web", 4, TG);
        ecs.service("worker", 3, null);

        context.runOnContext(v -> target.observe("web").compose(c -> target.observe("worker"))
                .onComplete(test.succeeding(c -> test.verify(() -> {
                    // 2 of web's 4 targets are healthy; worker has no load balancer, so nothing to report
                    assertThat(healthy).isEqualTo(Map.of("web", 2));
                    assertThat(ecs.calls()).containsExactly("DescribeServices web", "DescribeServices worker");
                    test.completeNow();
                }))));
    }

    @Test
    void theReconcilersReadKeepsTheHealthyCountForTheStatusPageAndMetrics(VertxTestContext test) {
        ecs.service("web", 4, TG);
        ecs.service("worker", 3, null);

        onContext(() -> target.observe("web")).compose(c -> onContext(() -> target.observe("worker")))
                .onComplete(test.succeeding(c -> test.verify(() -> {
                    assertThat(target.lastHealthy("web")).as("2 of its 4 targets are healthy").hasValue(2);
                    assertThat(target.lastHealthy("worker")).as("no load balancer: no healthy count").isEmpty();
                    assertThat(target.lastHealthy("never-read")).isEmpty();
                    test.completeNow();
                })));
    }

    @Test
    void aServiceWithoutALoadBalancerHasNoHealthyCount(VertxTestContext test) {
        ecs.service("worker", 3, null);

        context.runOnContext(v -> target.read("worker").onComplete(test.succeeding(counts -> test.verify(() -> {
            assertThat(counts.healthy()).isEmpty();
            test.completeNow();
        }))));
    }

    @Test
    void aMissingServiceFailsNamingClusterAndService(VertxTestContext test) {
        context.runOnContext(v -> target.observe("ghost").onComplete(test.failing(read -> target.apply("ghost", 2)
                .onComplete(test.failing(update -> test.verify(() -> {
                    assertThat(read).isInstanceOf(ServiceMissingException.class)
                            .hasMessageStartingWith("ECS service 'ghost' not found in cluster 'prod'")
                            .hasMessageContaining("MISSING");
                    assertThat(update).isInstanceOf(ServiceMissingException.class)
                            .hasMessageStartingWith("ECS service 'ghost' not found in cluster 'prod'")
                            .hasMessageContaining("ServiceNotFoundException");
                    // Not retried: a missing service stays missing.
                    assertThat(ecs.calls()).containsExactly("DescribeServices ghost", "UpdateService ghost 2");
                    // A 200 whose failures say MISSING is a failed call in the metrics, not a success.
                    assertThat(attempts).containsExactly("ecs:DescribeServices client-error", "ecs:UpdateService client-error");
                    assertThat(target.problem("ghost", read)).hasValueSatisfying(p -> {
                        assertThat(p.cause()).isEqualTo(ProblemCauses.SERVICE_MISSING);
                        assertThat(p.backsOff()).isTrue();
                    });
                    test.completeNow();
                }))))));
    }

    @Test
    void refusesCallsFromASecondContext(Vertx vertx, VertxTestContext test) {
        ecs.service("web", 2, null);
        Context other = vertx.getOrCreateContext();

        context.runOnContext(v -> target.observe("web").onComplete(test.succeeding(first ->
                other.runOnContext(w -> target.observe("web").onComplete(test.failing(e -> test.verify(() -> {
                    assertThat(e).isInstanceOf(IllegalStateException.class).hasMessageContaining("one Vert.x context");
                    test.completeNow();
                })))))));
    }
}
