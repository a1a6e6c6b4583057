package io.microscaler.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.microscaler.actuate.aws.ClusterView;
import io.microscaler.bus.Addresses;
import io.microscaler.bus.ClusterLeadership;
import io.microscaler.bus.Codecs;
import io.microscaler.cluster.PlannerStage;
import io.microscaler.cluster.TaskSize;
import io.microscaler.decision.Decision;
import io.microscaler.decision.Reason;
import io.microscaler.ingest.DeadLetterRecord;
import io.microscaler.testing.KafkaBrokerExtension;
import io.microscaler.testing.KafkaTestBroker;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The planner's wiring over a real broker and a scripted cluster read: wishes from the bus through
 * the wishes topic to the leading planner, grants through the grants topic back to the actuator's
 * address, a new leader that restores every wish, and a bad record that goes to the dead-letter topic.
 */
@ExtendWith(KafkaBrokerExtension.class)
class ClusterPlannerVerticleIT {

    static final TaskSize SIZE = new TaskSize(256, 512);
    static final Map<String, PlannerStage.Service> PLANNED = Map.of(
            "iiif", new PlannerStage.Service(100, 1, SIZE, false),
            "worker", new PlannerStage.Service(0, 1, SIZE, false));

    private final List<Vertx> vertxes = new ArrayList<>();

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

    /** One instance with room for three more: iiif 1 task. */
    static ClusterView roomy() {
        return new ClusterView(List.of(new ClusterView.Instance("arn:ci-1", "i-1", "ACTIVE", 1024, 2048, 768, 1536, 1, 0,
                List.of(new ClusterView.Task("arn:iiif-0", "service:iiif", 256, 512, "EC2")))), List.of(), Optional.empty());
    }

    static Decision wish(String service, long seq, int from, int to) {
        return new Decision(service, Instant.now(), seq, from, to, "target-tracking", Reason.TARGET_TRACKING, "wants " + to,
                Map.of());
    }

    private Vertx vertx() {
        Vertx vertx = Vertx.vertx();
        Codecs.register(vertx.eventBus());
        vertxes.add(vertx);
        return vertx;
    }

    @AfterEach
    void close() throws Exception {
        for (Vertx v : vertxes) {
            v.close().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void grantsTheDisplacementThroughKafkaAndAnnouncesItOnce(KafkaTestBroker broker) throws Exception {
        Vertx vertx = vertx();
        PlannerPlumbing plumbing = new PlannerPlumbing(broker, broker.uniqueName("planner"));
        List<Decision> planned = new CopyOnWriteArrayList<>();
        List<Decision> announced = new CopyOnWriteArrayList<>();
        vertx.eventBus().<Decision>localConsumer(Addresses.PLANNED_DECISIONS, m -> planned.add(m.body()));
        vertx.eventBus().<Decision>localConsumer(Addresses.GRANTS, m -> announced.add(m.body()));
        AtomicInteger reads = new AtomicInteger();
        plumbing.deploy(vertx, PLANNED.keySet(), PLANNED, () -> {
            reads.incrementAndGet();
            return Future.succeededFuture(full());
        }, Duration.ofMillis(50));
        await().atMost(Duration.ofSeconds(20)).until(() -> reads.get() >= 1);

        vertx.eventBus().publish(Addresses.DECISIONS, wish("worker", 1, 3, 3));
        vertx.eventBus().publish(Addresses.DECISIONS, wish("iiif", 1, 1, 3));
        await().atMost(Duration.ofSeconds(20)).until(() -> planned.size() == 2);
        int readsThen = reads.get();
        await().atMost(Duration.ofSeconds(10)).until(() -> reads.get() >= readsThen + 3); // a few rounds on the same cluster

        // Grants of different services travel on different partitions: the order between them is not kept.
        assertThat(planned).extracting(Decision::service, Decision::to)
                .containsExactlyInAnyOrder(Tuple.tuple("worker", 1), Tuple.tuple("iiif", 3));
        assertThat(announced).singleElement().satisfies(d -> {
            assertThat(d.service()).isEqualTo("worker");
            assertThat(d.policy()).isEqualTo(PlannerStage.POLICY);
            assertThat(d.reason()).isEqualTo(Reason.DISPLACED);
            assertThat(d.message()).contains("2 tasks give way to iiif (priority 100)");
        });
    }

    @Test
    void aNewLeaderPlansWithEveryWishItDidNotHearItselfAndNumbersAboveTheOldLeader(KafkaTestBroker broker)
            throws Exception {
        PlannerPlumbing plumbing = new PlannerPlumbing(broker, broker.uniqueName("leader"));
        // Instance A owns both services and leads first; B only plans.
        Vertx a = vertx();
        List<Decision> planned = new CopyOnWriteArrayList<>();
        a.eventBus().<Decision>localConsumer(Addresses.PLANNED_DECISIONS, m -> planned.add(m.body()));
        plumbing.deploy(a, PLANNED.keySet(), PLANNED, () -> Future.succeededFuture(full()), Duration.ofMillis(50));
        a.eventBus().publish(Addresses.DECISIONS, wish("worker", 1, 3, 3));
        a.eventBus().publish(Addresses.DECISIONS, wish("iiif", 1, 1, 1));
        await().atMost(Duration.ofSeconds(20)).until(() -> broker.consumeAll(plumbing.kafka.topics().wishes(), 2,
                Duration.ofSeconds(5)).size() == 2);

        Vertx b = vertx();
        plumbing.deploy(b, Set.of(), PLANNED, () -> Future.succeededFuture(full()), Duration.ofMillis(50));
        a.eventBus().publish(Addresses.CLUSTER_LEADERSHIP, new ClusterLeadership("test", false));
        long oldLeaderSeq = planned.stream().mapToLong(Decision::seq).max().orElse(0);

        // B never heard the worker's wish on its bus: it read it from the topic, so iiif's 3 displaces it.
        a.eventBus().publish(Addresses.DECISIONS, wish("iiif", 2, 1, 3));

        await().atMost(Duration.ofSeconds(20)).until(() -> planned.stream().anyMatch(d -> d.service().equals("iiif")
                && d.to() == 3));
        await().atMost(Duration.ofSeconds(10)).until(() -> planned.stream().anyMatch(d -> d.service().equals("worker")
                && d.to() == 1));
        assertThat(planned).filteredOn(d -> d.to() == 3 || d.service().equals("worker"))
                .allSatisfy(d -> assertThat(d.seq()).isGreaterThan(oldLeaderSeq));
    }

    @Test
    void aRecordThatIsNoWishGoesToTheDeadLetterTopicAndPlanningGoesOn(KafkaTestBroker broker) throws Exception {
        Vertx vertx = vertx();
        PlannerPlumbing plumbing = new PlannerPlumbing(broker, broker.uniqueName("bad-wish"));
        List<Decision> planned = new CopyOnWriteArrayList<>();
        vertx.eventBus().<Decision>localConsumer(Addresses.PLANNED_DECISIONS, m -> planned.add(m.body()));
        plumbing.deploy(vertx, PLANNED.keySet(), PLANNED, () -> Future.succeededFuture(roomy()), Duration.ofMillis(50));
        try (var producer = broker.producer()) {
            producer.send(new ProducerRecord<>(plumbing.kafka.topics().wishes(), "wish/iiif".getBytes(StandardCharsets.UTF_8),
                    "{\"v\":1,\"kind\":\"wish\",\"decision\":{\"service\":\"iiif\",\"to\":\"lots\"}}"
                            .getBytes(StandardCharsets.UTF_8))).get();
        }

        var dead = broker.consumeAll(plumbing.kafka.topics().deadLetter(), 1, Duration.ofSeconds(20));
        vertx.eventBus().publish(Addresses.DECISIONS, wish("iiif", 1, 1, 2));

        assertThat(dead).singleElement().satisfies(r -> {
            assertThat(new String(r.headers().lastHeader(DeadLetterRecord.DETAIL).value(), StandardCharsets.UTF_8))
                    .startsWith("not a wish record");
            assertThat(new String(r.headers().lastHeader(DeadLetterRecord.SOURCE_TOPIC).value(), StandardCharsets.UTF_8))
                    .isEqualTo(plumbing.kafka.topics().wishes());
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> planned.stream().anyMatch(d -> d.service().equals("iiif")
                && d.to() == 2));
    }
}
