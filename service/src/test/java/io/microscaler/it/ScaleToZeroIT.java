package io.microscaler.it;

import static io.microscaler.localcloud.LocalCloudFixture.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.microscaler.bus.Addresses;
import io.microscaler.config.MicroscalerConfig;
import io.microscaler.decision.Decision;
import io.microscaler.decision.Reason;
import io.microscaler.localcloud.LocalCloudFixture;
import io.microscaler.localcloud.LocalCloudSettings;
import io.microscaler.service.Microscaler;
import io.microscaler.testing.Events;
import io.microscaler.testing.HttpJson;
import io.microscaler.testing.KafkaBrokerExtension;
import io.microscaler.testing.KafkaTestBroker;
import io.microscaler.testing.StartedMicroscaler;
import io.microscaler.testing.TestConfigs;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.Service;

/**
 * Scale to zero on the whole loop: a queue worker ({@code minTasks: 0}, {@code demand: queue-depth},
 * no load balancer) that ECS runs at 0 tasks gets tasks on its first demand above zero, at once
 * ({@code activation}), they run on the local cloud's instance, and when its queue is empty it goes
 * back to 0 after its scale-down stabilisation. The feed sends the queue's depth twice a second,
 * as a worker's queue reader would, and a depth of 0 while idle: the signal that it is idle, not
 * silent.
 */
@ExtendWith(KafkaBrokerExtension.class)
class ScaleToZeroIT {

    private static final String CLUSTER = "microscaler";
    private static final String WORKER = "ocr-worker";

    @RegisterExtension
    final StartedMicroscaler started = new StartedMicroscaler();

    @Test
    void aWorkerGoesFromZeroToWhatItsQueueNeedsAndBackToZero(KafkaTestBroker broker) throws Exception {
        try (LocalCloudFixture cloud = new LocalCloudFixture(LocalCloudSettings.fast());
             KafkaProducer<byte[], byte[]> producer = broker.producer()) {
            call(cloud.ecs().createCluster(r -> r.clusterName(CLUSTER)));
            cloud.join(CLUSTER, "i-0001", 4_096, 8_192);
            call(cloud.ecs().registerTaskDefinition(r -> r.family("ocr").networkMode(NetworkMode.BRIDGE)
                    .containerDefinitions(ContainerDefinition.builder().name("ocr").image("ocr:1").cpu(256).memory(512)
                            .essential(true).build())));
            call(cloud.ecs().createService(r -> r.cluster(CLUSTER).serviceName(WORKER).taskDefinition("ocr")
                    .desiredCount(0).launchType(LaunchType.EC2)));
            String prefix = broker.uniqueName("zero");
            MicroscalerConfig config = started.config(broker, prefix, TestConfigs.kafkaAndHttp(1) + """
                    tick: 200ms
                    windows:
                      stableSpan: 6s
                      panicSpan: 2s
                      staleAfter: 4s
                    actuator:
                      target: ecs
                      reconcileInterval: 300ms
                      aws:
                        endpoint: %s
                        region: %s
                        credentials: static
                        accessKeyId: AKIDZERO
                        secretAccessKey: local
                        cluster: %s
                    services:
                      %s:
                        demand: queue-depth
                        throughputPerTask: 5
                        drainTime: 10s
                        minTasks: 0
                        maxTasks: 4
                        initialTasks: 0
                        scaleUpStabilisation: 30s
                        scaleDownStabilisation: 3s
                    """.formatted(cloud.cloud.endpoint(), cloud.cloud.region(), CLUSTER, WORKER));
            AtomicLong depth = new AtomicLong(0);
            ScheduledExecutorService feed = Executors.newSingleThreadScheduledExecutor();
            feed.scheduleAtFixedRate(() -> producer.send(new ProducerRecord<>(prefix + ".demand", Events.key(WORKER),
                    demand(System.currentTimeMillis(), depth.get()))), 0, 500, TimeUnit.MILLISECONDS);
            try {
                Microscaler microscaler = started.start(config, Clock.systemUTC());
                List<Decision> onBus = new CopyOnWriteArrayList<>();
                microscaler.vertx().eventBus().<Decision>localConsumer(Addresses.DECISIONS, m -> onBus.add(m.body()));
                HttpJson http = new HttpJson(microscaler.httpPort());
                // idle with an empty queue: evaluated, and held at zero
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(http.service(WORKER).path("lastEvaluation")
                        .path("to").asInt(-1)).as("%s", http.service(WORKER)).isZero());
                await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(10)).until(() -> service(cloud).desiredCount() == 0);

                // 80 messages at 5 per task per s and a 10 s drain: ceil(80 / 50) = 2 tasks, at once, though
                // the scale-up stabilisation (30 s) would hold a running worker's scale-out
                long workArrived = System.nanoTime();
                depth.set(80);
                await().atMost(Duration.ofSeconds(30)).until(() -> service(cloud).runningCount() == 2);
                long coldStartMs = (System.nanoTime() - workArrived) / 1_000_000;
                Decision activation = onBus.stream().filter(d -> d.service().equals(WORKER) && d.from() == 0 && d.to() > 0)
                        .findFirst().orElseThrow();
                assertThat(activation.reason()).isEqualTo(Reason.ACTIVATION);
                assertThat(activation.to()).isEqualTo(2);
                assertThat(activation.message()).contains("activation");
                System.out.printf("ScaleToZeroIT: first demand → 2 tasks RUNNING on the local cloud in %d ms%n", coldStartMs);

                // the queue is worked off: back to zero once the stabilisation's 3 s have passed
                depth.set(0);
                await().atMost(Duration.ofSeconds(30)).until(() -> service(cloud).runningCount() == 0);
                assertThat(service(cloud).desiredCount()).isZero();
                Decision toZero = onBus.stream().filter(d -> d.service().equals(WORKER) && d.from() > 0 && d.to() == 0)
                        .findFirst().orElseThrow();
                assertThat(toZero.reason()).isIn(Reason.DEMAND, Reason.TARGET_TRACKING);
                assertThat(toZero.message()).contains("→ 0");
            } finally {
                feed.shutdownNow();
            }
        }
    }

    private static Service service(LocalCloudFixture cloud) {
        return call(cloud.ecs().describeServices(r -> r.cluster(CLUSTER).services(WORKER))).services().get(0);
    }

    private static byte[] demand(long ts, long depth) {
        return ("{\"v\":1,\"service\":\"" + WORKER + "\",\"ts\":" + ts + ",\"kind\":\"queue-depth\",\"value\":" + depth + "}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
