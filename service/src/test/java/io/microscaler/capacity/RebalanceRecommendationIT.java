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
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rebalance recommendation end to end: the local cloud sends EC2's recommendation to the cluster
 * topic on a real Kafka broker, the autoscaler's cluster reader publishes it, and the capacity loop
 * asks for one more instance, drains the instance at risk only once that one has joined (ECS moves
 * the service's tasks onto it), and terminates the emptied instance, the group back to its size.
 * No interruption warning is ever sent, and the service never has fewer healthy tasks than it asks
 * for (sampled every 20 ms throughout).
 */
@ExtendWith(KafkaBrokerExtension.class)
class RebalanceRecommendationIT {

    private static final String CLUSTER = "rebalance";
    private static final String GROUP = "asg-rebalance";
    private static final Duration NOTICE = Duration.ofSeconds(30);

    @TempDir
    Path dir;

    @Test
    void theReplacementJoinsBeforeTheInstanceAtRiskIsDrainedAndNoHealthyTaskIsLost(KafkaTestBroker broker) throws Exception {
        String prefix = broker.uniqueName("rebalance");
        MicroscalerConfig config = TestConfigs.load(dir, TestConfigs.kafkaAndHttp(1) + "services:\n  iiif: {}\n",
                broker.bootstrapServers(), prefix);
        Vertx cloudVertx = Vertx.vertx();
        List<String> cloudEvents = new java.util.concurrent.CopyOnWriteArrayList<>();
        Vertx vertx = Vertx.vertx();
        try (KafkaProducer<byte[], byte[]> events = broker.producer()) {
            Topics.ensure(vertx, config.kafka(), broker.bootstrapServers(), false, false).await();
            LocalCloud cloud = LocalCloudFixture.await(LocalCloud.start(cloudVertx,
                    LocalCloudSettings.fast().withSpotInterruptionNotice(NOTICE), ContainerRuntime.NONE,
                    HealthProbe.ALWAYS_HEALTHY, (key, json) -> {
                        cloudEvents.add(json);
                        events.send(new ProducerRecord<>(config.kafka().topics().cluster(),
                                key.getBytes(StandardCharsets.UTF_8), json.getBytes(StandardCharsets.UTF_8)));
                    }));
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
                ClusterView.Instance atRisk = before.instances().stream().max(java.util.Comparator.comparingInt(i -> i.placed().size()))
                        .orElseThrow();
                ClusterView.Instance other = before.instances().stream().filter(i -> i != atRisk).findFirst().orElseThrow();
                java.util.concurrent.atomic.AtomicInteger fewestHealthy = new java.util.concurrent.atomic.AtomicInteger(Integer.MAX_VALUE);
                java.util.concurrent.ScheduledExecutorService sampler = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
                sampler.scheduleWithFixedDelay(() -> {
                    try {
                        fewestHealthy.accumulateAndGet((int) SpotClusterScaffold.healthy(operator, targetGroup), Math::min);
                    } catch (RuntimeException e) {
                        // a read that failed says nothing of the tasks
                    }
                }, 0, 20, java.util.concurrent.TimeUnit.MILLISECONDS);
                long recommendedAt = System.nanoTime();
                LocalCloudFixture.await(cloud.recommendRebalance(atRisk.ec2InstanceId()));

                // The replacement joins first; only then is the instance at risk drained and emptied,
                // and terminated with the group's desired count back to 2.
                ClusterView replaced = SpotClusterScaffold.view(vertx, capacity, v -> v.byEc2Id(atRisk.ec2InstanceId()).isEmpty()
                        && v.instances().size() == 2 && v.instances().stream().allMatch(ClusterView.Instance::active)
                        && v.instances().stream().mapToInt(i -> i.placed().size()).sum() == 4
                        && v.group().map(g -> g.desired() == 2).orElse(false)
                        && SpotClusterScaffold.healthy(operator, targetGroup) == 4);
                Duration took = Duration.ofNanos(System.nanoTime() - recommendedAt);
                sampler.shutdownNow();
                System.out.printf("rebalance: replacement joined, tasks moved, instance at risk terminated %d ms after the"
                        + " recommendation; fewest healthy tasks meanwhile: %d of 4%n", took.toMillis(), fewestHealthy.get());
                assertThat(fewestHealthy.get()).as("healthy tasks throughout").isEqualTo(4);
                assertThat(replaced.instances()).extracting(ClusterView.Instance::ec2InstanceId)
                        .doesNotContain(atRisk.ec2InstanceId()).contains(other.ec2InstanceId());
                assertThat(cloudEvents).noneMatch(e -> e.contains("Spot Instance Interruption Warning"));
            } finally {
                LocalCloudFixture.await(cloud.close());
            }
        } finally {
            vertx.close().await();
            cloudVertx.close().await();
        }
    }
}
