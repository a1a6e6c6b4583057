package io.microscaler.it;

import static io.microscaler.localcloud.LocalCloudFixture.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.microscaler.config.MicroscalerConfig;
import io.microscaler.kafka.ServicePartitions;
import io.microscaler.localcloud.AutoScalingGroupSpec;
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
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 * One cluster planner for two autoscalers: a high-priority service owned by one instance and a
 * low-priority one owned by the other share a full instance (4 tasks of room, the Auto Scaling group
 * at its maximum). When the high one needs 3, the low one gives way to its minimum, although no
 * instance owns both. Before, each instance planned only the wishes of the services it owned: the
 * planner beside the high service saw the low one's tasks as room taken, not as a wish it could
 * lower, and held the high one back.
 */
@ExtendWith(KafkaBrokerExtension.class)
class PlannerAcrossInstancesIT {

    private static final String CLUSTER = "planner";
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    final StartedMicroscaler started = new StartedMicroscaler();

    @Test
    void theLowPriorityServiceOfOneInstanceGivesWayToTheHighPriorityServiceOfTheOther(KafkaTestBroker broker)
            throws Exception {
        // Names whose home partitions of a 2-partition requests topic differ: with two instances in
        // the group, each owns one of them.
        String high = named("hi", 0);
        String low = named("lo", 1);
        try (LocalCloudFixture cloud = new LocalCloudFixture(LocalCloudSettings.fast());
             KafkaProducer<byte[], byte[]> producer = broker.producer()) {
            call(cloud.ecs().createCluster(r -> r.clusterName(CLUSTER)));
            LocalCloudFixture.await(cloud.cloud.addAutoScalingGroup(
                    new AutoScalingGroupSpec(CLUSTER + "-instances", CLUSTER, 1024, 2048, 1, 1, 1, false)));
            await().atMost(Duration.ofSeconds(20)).until(() -> call(cloud.ecs().listContainerInstances(
                    r -> r.cluster(CLUSTER))).containerInstanceArns().size() == 1);
            call(cloud.ecs().registerTaskDefinition(r -> r.family("web").networkMode(NetworkMode.BRIDGE)
                    .containerDefinitions(ContainerDefinition.builder().name("web").image("web:1").cpu(256).memory(512)
                            .essential(true).portMappings(PortMapping.builder().containerPort(8080).hostPort(0)
                                    .protocol(TransportProtocol.TCP).build()).build())));
            call(cloud.ecs().createService(r -> r.cluster(CLUSTER).serviceName(high).taskDefinition("web")
                    .desiredCount(1).launchType(LaunchType.EC2)));
            call(cloud.ecs().createService(r -> r.cluster(CLUSTER).serviceName(low).taskDefinition("web")
                    .desiredCount(3).launchType(LaunchType.EC2)));

            String prefix = broker.uniqueName("planner-across");
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
                        accessKeyId: AKIDPLANNER
                        secretAccessKey: local
                        cluster: %s
                    cluster:
                      enabled: true
                      autoScalingGroup: %s-instances
                      instanceCpu: 1024
                      instanceMemory: 2048
                      scaleInterval: 300ms
                    serviceDefaults:
                      target: 100
                      scaleDownStabilisation: 0s
                      panic: false
                      cpu: 256
                      memory: 512
                      minTasks: 1
                      maxTasks: 4
                    services:
                      %s:
                        priority: high
                      %s:
                        priority: low
                    """.formatted(cloud.cloud.endpoint(), cloud.cloud.region(), CLUSTER, CLUSTER, high, low));
            broker.createTopic(prefix + ".requests", 2); // before the load: an auto-created topic would have 1
            Map<String, Integer> rps = new ConcurrentHashMap<>(Map.of(high, 100, low, 300));
            ScheduledExecutorService load = Executors.newSingleThreadScheduledExecutor();
            load.scheduleAtFixedRate(() -> rps.forEach((s, r) -> producer.send(new ProducerRecord<>(prefix + ".requests",
                    Events.key(s), summary(s, System.currentTimeMillis(), r)))), 0, 1, TimeUnit.SECONDS);
            try {
                Microscaler first = started.start(config, Clock.systemUTC());
                Microscaler second = started.start(config, Clock.systemUTC());
                HttpJson firstHttp = new HttpJson(first.httpPort());
                HttpJson secondHttp = new HttpJson(second.httpPort());
                await().atMost(Duration.ofSeconds(60)).until(() -> owns(firstHttp, high) != owns(secondHttp, high)
                        && owns(firstHttp, high) == owns(secondHttp, low));
                await().atMost(Duration.ofSeconds(60)).until(() -> desired(cloud, high) == 1 && desired(cloud, low) == 3
                        && running(cloud, high) == 1 && running(cloud, low) == 3);

                rps.put(high, 300); // the high-priority service needs 3: only the low one's room can give it
                AtomicInteger fewestLow = new AtomicInteger(Integer.MAX_VALUE);
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    fewestLow.accumulateAndGet(desired(cloud, low), Math::min);
                    return running(cloud, high) == 3 && desired(cloud, low) == 1;
                });

                assertThat(fewestLow.get()).as("never below its minimum").isEqualTo(1);
                // The displacement is explained where the low service's owner audits it.
                var displaced = broker.consumeMatching(prefix + ".decisions", r -> {
                    JsonNode d = json(r.value());
                    return d.path("service").asText().equals(low) && d.path("reason").asText().equals("displaced");
                }, 1, Duration.ofSeconds(20));
                assertThat(displaced).isNotEmpty();
                assertThat(json(displaced.get(0).value()).path("message").asText())
                        .containsPattern("tasks? gives? way to " + high + " \\(priority 100\\)");
            } finally {
                load.shutdownNow();
            }
        }
    }

    /** The first name {@code prefix-N} whose home partition of 2 is {@code partition}. */
    private static String named(String prefix, int partition) {
        for (int i = 0; ; i++) {
            if (ServicePartitions.home(prefix + "-" + i, 2) == partition) {
                return prefix + "-" + i;
            }
        }
    }

    private static boolean owns(HttpJson http, String service) {
        return http.service(service).hasNonNull("owner");
    }

    private static int desired(LocalCloudFixture cloud, String service) {
        return call(cloud.ecs().describeServices(r -> r.cluster(CLUSTER).services(service))).services().get(0).desiredCount();
    }

    private static int running(LocalCloudFixture cloud, String service) {
        return call(cloud.ecs().describeServices(r -> r.cluster(CLUSTER).services(service))).services().get(0).runningCount();
    }

    private static JsonNode json(byte[] value) {
        try {
            return JSON.readTree(value);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] summary(String service, long ts, int count) {
        return ("{\"v\":1,\"type\":\"summary\",\"service\":\"" + service + "\",\"ts\":" + ts + ",\"intervalMs\":1000,\"count\":"
                + count + ",\"errors\":0,\"latencyMsSum\":" + (count * 20L) + ",\"latencyMsMax\":30,\"inFlight\":2}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
