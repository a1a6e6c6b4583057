package io.microscaler.it;

import static io.microscaler.localcloud.LocalCloudFixture.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.microscaler.config.MicroscalerConfig;
import io.microscaler.kafka.ServicePartitions;
import io.microscaler.localcloud.LocalCloudFixture;
import io.microscaler.localcloud.LocalCloudSettings;
import io.microscaler.service.Microscaler;
import io.microscaler.testing.Events;
import io.microscaler.testing.HttpJson;
import io.microscaler.testing.KafkaBrokerExtension;
import io.microscaler.testing.KafkaTestBroker;
import io.microscaler.testing.StartedMicroscaler;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.TransportProtocol;

/**
 * Two autoscalers on one broker and one ECS: when the second joins, the services that move to it
 * are scaled by it alone. Before ownership fenced the actuators, the first kept repairing the count
 * it had applied against the new owner's ("desiredCount 6, but microscaler last applied 3: applying
 * it again", and back), so ECS's desired count flipped between the two every reconcile.
 */
@ExtendWith(KafkaBrokerExtension.class)
class RebalanceHandoverIT {

    private static final String CLUSTER = "microscaler";

    @RegisterExtension
    final StartedMicroscaler started = new StartedMicroscaler();

    @Test
    void afterARebalanceOnlyTheNewOwnerActuatesAndTheOldOneRepairsNothing(KafkaTestBroker broker) throws Exception {
        try (LocalCloudFixture cloud = new LocalCloudFixture(LocalCloudSettings.fast());
             KafkaProducer<byte[], byte[]> producer = broker.producer()) {
            List<String> services = onePerPartition(4);
            call(cloud.ecs().createCluster(r -> r.clusterName(CLUSTER)));
            cloud.join(CLUSTER, "i-0001", 16_384, 32_768);
            call(cloud.ecs().registerTaskDefinition(r -> r.family("web").networkMode(NetworkMode.BRIDGE)
                    .containerDefinitions(ContainerDefinition.builder().name("web").image("web:1").cpu(32).memory(128)
                            .essential(true).portMappings(PortMapping.builder().containerPort(8080).hostPort(0)
                                    .protocol(TransportProtocol.TCP).build()).build())));
            for (String s : services) {
                call(cloud.ecs().createService(r -> r.cluster(CLUSTER).serviceName(s).taskDefinition("web")
                        .desiredCount(1).launchType(LaunchType.EC2)));
            }
            String prefix = broker.uniqueName("handover");
            StringBuilder yaml = new StringBuilder("""
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
                        accessKeyId: AKIDHANDOVER
                        secretAccessKey: local
                        cluster: %s
                    serviceDefaults:
                      target: 100
                      scaleDownStabilisation: 0s
                      panic: false
                    services:
                    """.formatted(cloud.cloud.endpoint(), cloud.cloud.region(), CLUSTER));
            services.forEach(s -> yaml.append("  ").append(s).append(": {}\n"));
            // the shared Kafka settings end with the ingest section: the skew goes into it
            MicroscalerConfig config = started.config(broker, prefix,
                    io.microscaler.testing.TestConfigs.kafkaAndHttp(1) + "  maxFutureSkew: 1s\n" + yaml);
            broker.createTopic(prefix + ".requests", 4); // before the load: an auto-created topic would have 1
            Map<String, Integer> rps = new ConcurrentHashMap<>();
            services.forEach(s -> rps.put(s, 300));
            ScheduledExecutorService load = Executors.newSingleThreadScheduledExecutor();
            load.scheduleAtFixedRate(() -> rps.forEach((s, r) -> producer.send(new ProducerRecord<>(prefix + ".requests",
                    Events.key(s), summary(s, System.currentTimeMillis(), r)))), 0, 1, TimeUnit.SECONDS);
            try {
                Microscaler first = started.start(config, Clock.systemUTC());
                await().atMost(Duration.ofSeconds(60)).until(() -> services.stream().allMatch(s -> desired(cloud, s) == 3));

                Microscaler second = started.start(config, Clock.systemUTC());
                HttpJson secondHttp = new HttpJson(second.httpPort());
                List<String> moved = new ArrayList<>();
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    moved.clear();
                    // every configured service is listed; one an owner here reports on names its owner
                    services.stream().filter(s -> secondHttp.service(s).hasNonNull("owner")).forEach(moved::add);
                    return !moved.isEmpty() && moved.size() < services.size();
                });
                String service = moved.get(0);
                rps.put(service, 600); // only the new owner sees a reason for 6
                await().atMost(Duration.ofSeconds(60)).until(() -> desired(cloud, service) == 6);

                HttpJson firstHttp = new HttpJson(first.httpPort());
                double repairsBefore = firstHttp.metric("microscaler_actuator_repairs_total");
                // ten reconciles of the old owner: ECS keeps the new owner's count, and the old one repairs nothing
                await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                        .until(() -> desired(cloud, service) == 6);
                assertThat(firstHttp.metric("microscaler_actuator_repairs_total")).isEqualTo(repairsBefore).isZero();
                assertThat(firstHttp.service(service).path("owner").isNull()).as("the old owner dropped it").isTrue();
                assertThat(firstHttp.service(service).path("state").asText()).isEqualTo("no-data");
            } finally {
                load.shutdownNow();
            }
        }
    }

    /** Service names whose home partitions cover all {@code partitions}, so a rebalance must move some. */
    private static List<String> onePerPartition(int partitions) {
        List<String> names = new ArrayList<>();
        boolean[] taken = new boolean[partitions];
        for (int i = 0; names.size() < partitions; i++) {
            String name = "svc-" + i;
            int home = ServicePartitions.home(name, partitions);
            if (!taken[home]) {
                taken[home] = true;
                names.add(name);
            }
        }
        return names;
    }

    private static int desired(LocalCloudFixture cloud, String service) {
        return call(cloud.ecs().describeServices(r -> r.cluster(CLUSTER).services(service))).services().get(0).desiredCount();
    }

    private static byte[] summary(String service, long ts, int count) {
        return ("{\"v\":1,\"type\":\"summary\",\"service\":\"" + service + "\",\"ts\":" + ts + ",\"intervalMs\":1000,\"count\":"
                + count + ",\"errors\":0,\"latencyMsSum\":" + (count * 20L) + ",\"latencyMsMax\":30,\"inFlight\":2}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
