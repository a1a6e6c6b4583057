package io.microscaler.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.microscaler.actuate.aws.ClusterView;
import io.microscaler.bus.Addresses;
import io.microscaler.cluster.PlannerStage;
import io.microscaler.bus.Codecs;
import io.microscaler.cluster.TaskSize;
import io.microscaler.decision.Decision;
import io.microscaler.decision.Reason;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The planner's wiring on the bus, over a scripted cluster read: what reaches the actuator, what is announced. */
@ExtendWith(VertxExtension.class)
class ClusterPlannerVerticleTest {

    static final TaskSize SIZE = new TaskSize(256, 512);

    /** One full instance: iiif 1 task, worker 3. */
    static ClusterView full() {
        List<ClusterView.Task> tasks = new ArrayList<>();
        tasks.add(new ClusterView.Task("arn:iiif-0", "service:iiif", 256, 512, "EC2"));
        for (int i = 0; i < 3; i++) {
            tasks.add(new ClusterView.Task("arn:worker-" + i, "service:worker", 256, 512, "EC2"));
        }
        return new ClusterView(List.of(new ClusterView.Instance("arn:ci-1", "i-1", "ACTIVE", 1024, 2048, 0, 0, 4, 0, tasks)),
                List.of(), Optional.empty());
    }

    static Decision wish(String service, long seq, int from, int to) {
        return new Decision(service, Instant.now(), seq, from, to, "target-tracking", Reason.TARGET_TRACKING, "wants " + to,
                Map.of());
    }

    @Test
    void sendsTheDisplacedScaleInFirstAndAnnouncesItOnce(Vertx vertx) throws Exception {
        Codecs.register(vertx.eventBus());
        List<Decision> planned = new CopyOnWriteArrayList<>();
        List<Decision> announced = new CopyOnWriteArrayList<>();
        vertx.eventBus().<Decision>localConsumer(Addresses.PLANNED_DECISIONS, m -> planned.add(m.body()));
        List<Decision> onDecisions = new CopyOnWriteArrayList<>();
        vertx.eventBus().<Decision>localConsumer(Addresses.GRANTS, m -> announced.add(m.body()));
        vertx.eventBus().<Decision>localConsumer(Addresses.DECISIONS, m -> onDecisions.add(m.body()));
        AtomicInteger reads = new AtomicInteger();
        PlannerStage stage = new PlannerStage(Map.of(
                "iiif", new PlannerStage.Service(100, 1, SIZE, false),
                "worker", new PlannerStage.Service(0, 1, SIZE, false)));
        vertx.deployVerticle(new ClusterPlannerVerticle(stage, () -> {
            reads.incrementAndGet();
            return Future.succeededFuture(full());
        }, Duration.ofMillis(20), Clock.systemUTC())).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(5)).until(() -> reads.get() >= 1);

        vertx.eventBus().publish(Addresses.DECISIONS, wish("worker", 1, 3, 3));
        vertx.eventBus().publish(Addresses.DECISIONS, wish("iiif", 1, 1, 3));
        await().atMost(Duration.ofSeconds(5)).until(() -> planned.size() == 2);
        int readsThen = reads.get();
        await().atMost(Duration.ofSeconds(5)).until(() -> reads.get() >= readsThen + 3); // a few rounds on the same cluster

        assertThat(planned).extracting(Decision::service, Decision::to).containsExactly(
                org.assertj.core.groups.Tuple.tuple("worker", 1), org.assertj.core.groups.Tuple.tuple("iiif", 3));
        assertThat(announced).singleElement().satisfies(d -> {
            assertThat(d.service()).isEqualTo("worker");
            assertThat(d.policy()).isEqualTo(PlannerStage.POLICY);
            assertThat(d.reason()).isEqualTo(Reason.DISPLACED);
        });
        // grants have their own address: the policies' address carries only the two wishes, so the
        // planner never hears its own grants as wishes
        assertThat(onDecisions).extracting(Decision::policy).containsOnly("target-tracking").hasSize(2);
    }
}
