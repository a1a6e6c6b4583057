package io.microscaler.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.microscaler.actuate.aws.AwsCallListener;
import io.microscaler.actuate.aws.AwsCalls;
import io.microscaler.actuate.aws.AwsClients;
import io.microscaler.actuate.aws.AwsSettings;
import io.microscaler.actuate.aws.ClusterView;
import io.microscaler.actuate.aws.EcsClusterCapacity;
import io.microscaler.bus.Codecs;
import io.microscaler.cluster.HeadroomRule;
import io.microscaler.cluster.HeadroomSettings;
import io.microscaler.cluster.InstanceSize;
import io.microscaler.cluster.TaskSize;
import io.microscaler.config.MicroscalerConfig;
import io.microscaler.capacity.ClusterEventsVerticle;
import io.microscaler.kafka.Topics;
import io.microscaler.localcloud.AutoScalingGroupSpec;
import io.microscaler.localcloud.ContainerRuntime;
import io.microscaler.localcloud.HealthProbe;
import io.microscaler.localcloud.LocalCloud;
import io.microscaler.localcloud.LocalCloudFixture;
import io.microscaler.localcloud.LocalCloudSettings;
import io.microscaler.observability.IngestMeters;
import io.microscaler.testing.KafkaBrokerExtension;
import io.microscaler.testing.KafkaTestBroker;
import io.microscaler.testing.TestConfigs;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A spot interruption end to end: the local cloud sends EventBridge's warning to the cluster topic
 * on a real Kafka broker, the autoscaler's cluster reader publishes it, the capacity loop drains
 * the instance and asks for a replacement; ECS moves the service's tasks. Before the notice ends
 * (the interrupted instance is still there) the replacement instance has joined and every task of
 * the service runs elsewhere, healthy in its target group.
 */
@ExtendWith(KafkaBrokerExtension.class)
class SpotInterruptionIT {

    private static final String CLUSTER = "spot";
    private static final String GROUP = "asg-spot";
    private static final Duration NOTICE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void theReplacementIsHealthyBeforeTheNoticeEnds(KafkaTestBroker broker) throws Exception {
        String prefix = broker.uniqueName("spot");
        MicroscalerConfig config = TestConfigs.load(dir, TestConfigs.kafkaAndHttp(1) + "services:\n  iiif: {}\n",
                broker.bootstrapServers(), prefix);
        Vertx cloudVertx = Vertx.vertx();
        Vertx vertx = Vertx.vertx();
        try (KafkaProducer<byte[], byte[]> events = broker.producer()) {
            Topics.ensure(vertx, config.kafka(), broker.bootstrapServers(), false, false).await();
            LocalCloud cloud = LocalCloudFixture.await(LocalCloud.start(cloudVertx,
                    LocalCloudSettings.fast().withSpotInterruptionNotice(NOTICE), ContainerRuntime.NONE,
                    HealthProbe.ALWAYS_HEALTHY, (key, json) -> events.send(new ProducerRecord<>(config.kafka().topics().cluster(),
                            key.getBytes(StandardCharsets.UTF_8), json.getBytes(StandardCharsets.UTF_8)))));
            try (AwsClients operator = AwsClients.create(AwsSettings.endpoint(cloud.endpoint(), cloud.region(), "AKIDOPERATOR", "local"));
                    AwsClients clients = AwsClients.create(AwsSettings.endpoint(cloud.endpoint(), cloud.region(), "AKIDSCALER", "local"))) {
                LocalCloudFixture.await(cloud.addAutoScalingGroup(new AutoScalingGroupSpec(GROUP, CLUSTER, 4096, 7680, 1, 4, 2, true)));
                // The group's instances boot, then join (and create) the cluster
                await().atMost(Duration.ofSeconds(30)).until(() -> LocalCloudFixture.call(operator.ecs().listClusters(r -> { }))
                        .clusterArns().stream().anyMatch(a -> a.endsWith("/" + CLUSTER))
                        && LocalCloudFixture.call(operator.ecs().listContainerInstances(r -> r.cluster(CLUSTER)))
                                .containerInstanceArns().size() == 2);
                String targetGroup = SpotClusterScaffold.startService(operator, CLUSTER);

                Codecs.register(vertx.eventBus());
                EcsClusterCapacity capacity = new EcsClusterCapacity(clients, new AwsCalls(vertx, new AwsCalls.Settings(4,
                        Duration.ofMillis(10), Duration.ofMillis(100), Duration.ofSeconds(20), 100, 50), AwsCallListener.NONE),
                        CLUSTER, Optional.of(GROUP));
                // Thresholds that neither scale in nor out here: only the spot warning acts.
                HeadroomSettings settings = new HeadroomSettings(0, 100, new TaskSize(256, 512), new InstanceSize(4096, 7680),
                        Duration.ofSeconds(1));
                vertx.deployVerticle(new ClusterCapacityVerticle(capacity, new HeadroomRunner(new HeadroomRule(settings)),
                        Duration.ofMillis(200), Clock.systemUTC())).await();
                java.util.concurrent.atomic.AtomicBoolean leading = new java.util.concurrent.atomic.AtomicBoolean();
                vertx.eventBus().<io.microscaler.bus.ClusterLeadership>localConsumer(io.microscaler.bus.Addresses.CLUSTER_LEADERSHIP,
                        m -> leading.set(m.body().leading()));
                vertx.deployVerticle(new ClusterEventsVerticle(config, broker.bootstrapServers(),
                        new IngestMeters(new io.micrometer.core.instrument.simple.SimpleMeterRegistry()))).await();

                ClusterView before = SpotClusterScaffold.view(vertx, capacity, v -> v.instances().size() == 2
                        && v.instances().stream().mapToInt(i -> i.placed().size()).sum() == 4);
                // Wait until the cluster reader holds partition 0 (its consumer starts at the latest offset)
                await().atMost(Duration.ofSeconds(60)).untilTrue(leading);
                ClusterView.Instance doomed = before.instances().stream().max(java.util.Comparator.comparingInt(i -> i.placed().size()))
                        .orElseThrow();
                long warnedAt = System.nanoTime();
                LocalCloudFixture.await(cloud.interruptSpot(doomed.ec2InstanceId()));

                // Before the notice ends: the doomed instance is still in the cluster (draining), a
                // replacement has joined, and the service's 4 tasks run on the others, all healthy.
                ClusterView after = SpotClusterScaffold.view(vertx, capacity, v -> v.byEc2Id(doomed.ec2InstanceId()).isPresent()
                        && v.instances().stream().filter(ClusterView.Instance::active).count() == 2
                        && v.byEc2Id(doomed.ec2InstanceId()).get().placed().isEmpty()
                        && v.instances().stream().mapToInt(i -> i.placed().size()).sum() == 4
                        && SpotClusterScaffold.healthy(operator, targetGroup) == 4);
                Duration took = Duration.ofNanos(System.nanoTime() - warnedAt);
                System.out.printf("spot: replacement joined and 4/4 tasks healthy elsewhere %d ms after the warning (notice %d s)%n",
                        took.toMillis(), NOTICE.toSeconds());
                assertThat(after.byEc2Id(doomed.ec2InstanceId())).get().extracting(ClusterView.Instance::status).isEqualTo("DRAINING");
                assertThat(after.group()).get().extracting(ClusterView.Group::desired).isEqualTo(3);
            } finally {
                LocalCloudFixture.await(cloud.close());
            }
        } finally {
            vertx.close().await();
            cloudVertx.close().await();
        }
    }
}
