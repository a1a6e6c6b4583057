package io.microscaler.deploy;

import static io.microscaler.localcloud.LocalCloudFixture.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.microscaler.actuate.aws.AwsClients;
import io.microscaler.actuate.aws.AwsSettings;
import io.microscaler.config.MicroscalerConfig;
import io.microscaler.localcloud.LocalCloudFixture;
import io.microscaler.localcloud.LocalCloudSettings;
import io.microscaler.service.Microscaler;
import io.microscaler.testing.Events;
import io.microscaler.testing.HttpJson;
import io.microscaler.testing.KafkaBrokerExtension;
import io.microscaler.testing.KafkaTestBroker;
import io.microscaler.testing.StartedMicroscaler;
import io.microscaler.testing.TestConfigs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

/**
 * Issue 19: {@code actuator.mode: shadow} against the local cloud, the whole service on a real
 * broker. An ECS service runs 2 tasks behind a target group; load that 5 would serve arrives.
 * Shadow mode starts from ECS's 2 (not from {@code initialTasks: 1}), reports "would set 2 → 5" on
 * the audit topic and in {@code /api/services}, goes on from 5 when the load falls ("would set
 * 5 → 4", … down to 2), and ECS's desired count never changes. The local cloud logs every request by the access
 * key that signed it (what CloudTrail would show): microscaler's key made reads only, each allowed by
 * deploy/iam/microscaler-shadow-policy.json.
 */
@ExtendWith(KafkaBrokerExtension.class)
class ShadowModeIT {

    private static final String CLUSTER = "microscaler";
    private static final String SERVICE = "iiif";
    private static final String KEY = "AKIDSHADOW";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @RegisterExtension
    final StartedMicroscaler started = new StartedMicroscaler();

    @Test
    void shadowModeDecidesOnTheRealLoadFromTheRealCountsAndOnlyReads(KafkaTestBroker broker) throws Exception {
        try (LocalCloudFixture cloud = new LocalCloudFixture(LocalCloudSettings.fast());
             AwsClients operator = AwsClients.create(AwsSettings.endpoint(cloud.cloud.endpoint(), cloud.cloud.region(),
                     "AKIDOPERATOR", "local"));
             KafkaProducer<byte[], byte[]> producer = broker.producer()) {
            runTwoTasksBehindATargetGroup(cloud, operator);
            String prefix = broker.uniqueName("shadow");
            MicroscalerConfig config = started.config(broker, prefix, TestConfigs.kafkaAndHttp(1) + """
                      maxFutureSkew: 1s
                    tick: 200ms
                    windows: {stableSpan: 6s, panicSpan: 2s, staleAfter: 4s}
                    actuator:
                      target: ecs
                      mode: shadow
                      reconcileInterval: 300ms
                      aws:
                        endpoint: %s
                        region: %s
                        credentials: static
                        accessKeyId: %s
                        secretAccessKey: local
                        cluster: %s
                    services:
                      %s: {target: 100, initialTasks: 1, maxTasks: 20, panic: false, scaleDownStabilisation: 0s}
                    """.formatted(cloud.cloud.endpoint(), cloud.cloud.region(), KEY, CLUSTER, SERVICE));
            broker.createTopic(prefix + ".requests", 4);
            AtomicInteger rps = new AtomicInteger(500); // 5 tasks' worth at 100 requests/s each
            ScheduledExecutorService load = Executors.newSingleThreadScheduledExecutor();
            load.scheduleAtFixedRate(() -> producer.send(new ProducerRecord<>(prefix + ".requests", Events.key(SERVICE),
                    summary(System.currentTimeMillis(), rps.get()))), 0, 1, TimeUnit.SECONDS);
            try {
                Microscaler microscaler = started.start(config, Clock.systemUTC());
                HttpJson http = new HttpJson(microscaler.httpPort());

                await().atMost(Duration.ofSeconds(60)).until(() -> lastDecisionTo(http) == 5);
                JsonNode status = http.service(SERVICE);
                assertThat(status.path("actuation").asText()).isEqualTo("shadow");
                assertThat(status.path("actual").path("desired").asInt()).as("ECS's count").isEqualTo(2);
                assertThat(status.path("desired").asInt()).as("the count it would have set").isEqualTo(5);
                JsonNode decision = status.path("lastDecision");
                assertThat(decision.path("shadow").asBoolean()).isTrue();
                assertThat(decision.path("message").asText()).startsWith("would set " + decision.path("from").asInt() + " → 5: ");

                List<JsonNode> wouldBe = audited(broker, prefix, http);
                assertThat(wouldBe).as("would-be changes on the audit topic").isNotEmpty()
                        .allSatisfy(d -> assertThat(d.path("shadow").asBoolean()).isTrue());
                assertThat(wouldBe.get(0).path("from").asInt()).as("the first would-be change starts from ECS's 2,"
                        + " not initialTasks 1").isEqualTo(2);
                assertThat(wouldBe.get(wouldBe.size() - 1).path("message").asText()).startsWith("would set ")
                        .contains(" → 5: ");

                // Ten more reconciles of the service: still nothing changes, and 2 → 5 is not said again
                long reads = calls(cloud).getOrDefault("ecs:DescribeServices", 0L);
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> calls(cloud).getOrDefault("ecs:DescribeServices", 0L) >= reads + 10);
                assertThat(desired(operator)).isEqualTo(2);

                rps.set(200); // the load falls: 2 tasks' worth
                await().atMost(Duration.ofSeconds(60)).until(() -> lastDecisionTo(http) == 2);
                JsonNode scaleIn = http.service(SERVICE).path("lastDecision");
                assertThat(scaleIn.path("message").asText()).startsWith("would set " + scaleIn.path("from").asInt() + " → 2: ");
                List<JsonNode> all = audited(broker, prefix, http);
                for (int i = 1; i < all.size(); i++) {
                    assertThat(all.get(i).path("from").asInt()).as("it goes on from the count it would have set: %s after %s",
                            all.get(i), all.get(i - 1)).isEqualTo(all.get(i - 1).path("to").asInt());
                }
                assertThat(all).anySatisfy(d -> assertThat(d.path("message").asText()).startsWith("would set 5 → "));
                assertThat(all).filteredOn(d -> d.path("from").asInt() == 2 && d.path("to").asInt() > 2)
                        .as("one would-be scale-out from ECS's 2: never said again on later reads").hasSize(1);
                assertThat(desired(operator)).as("ECS's desired count never changed").isEqualTo(2);
            } finally {
                load.shutdownNow();
            }

            Map<String, Long> made = calls(cloud);
            System.out.printf("shadow mode: AWS calls signed by microscaler's key: %s%n", made);
            assertThat(made).containsKeys("ecs:DescribeServices", "elbv2:DescribeTargetHealth",
                    "application-autoscaling:DescribeScalableTargets"); // at start: is it scaled by AWS too?
            assertThat(made.keySet()).as("reads only").allMatch(op -> op.matches("[a-z0-9-]+:(Describe|List|Get)[A-Za-z]+"));
            Set<String> asIam = new TreeSet<>();
            made.keySet().forEach(op -> asIam.add(op.replaceFirst("^elbv2:", "elasticloadbalancing:")));
            assertThat(IamPolicy.read(DeployFiles.IAM_SHADOW_POLICY).allowedActions())
                    .as("the shadow policy allows every call made").containsAll(asIam);
            assertThat(cloud.cloud.calls().calls("AKIDOPERATOR")).as("the log sees mutating calls where there are some")
                    .containsKeys("ecs:CreateService", "elbv2:CreateTargetGroup");
        }
    }

    /** An ECS service of 2 tasks in the cluster, registered in a target group by ECS, as in production. */
    private static void runTwoTasksBehindATargetGroup(LocalCloudFixture cloud, AwsClients operator) {
        call(operator.ecs().createCluster(r -> r.clusterName(CLUSTER)));
        cloud.join(CLUSTER, "i-0001", 4096, 7680);
        call(operator.ecs().registerTaskDefinition(r -> r.family(SERVICE).networkMode(NetworkMode.BRIDGE)
                .containerDefinitions(ContainerDefinition.builder().name(SERVICE).image("image-server:1").cpu(256)
                        .memory(512).essential(true)
                        .portMappings(PortMapping.builder().containerPort(8080).hostPort(0).build()).build())));
        String targetGroup = call(operator.elb().createTargetGroup(r -> r.name(SERVICE).protocol(ProtocolEnum.HTTP)
                .port(8080).vpcId("vpc-local").targetType(TargetTypeEnum.INSTANCE).healthCheckPath("/health")))
                .targetGroups().get(0).targetGroupArn();
        call(operator.ecs().createService(r -> r.cluster(CLUSTER).serviceName(SERVICE).taskDefinition(SERVICE)
                .desiredCount(2).launchType(LaunchType.EC2)
                .loadBalancers(l -> l.targetGroupArn(targetGroup).containerName(SERVICE).containerPort(8080))));
        await().atMost(Duration.ofSeconds(20)).until(() -> call(operator.ecs().describeServices(r -> r.cluster(CLUSTER)
                .services(SERVICE))).services().get(0).runningCount() == 2);
    }

    private static int lastDecisionTo(HttpJson http) {
        JsonNode s = http.service(SERVICE);
        return s == null || s.path("lastDecision").isNull() ? -1 : s.path("lastDecision").path("to").asInt(-1);
    }

    /**
     * The audit topic's records of the decisions that change the count, in order: as many records
     * as /api/decisions lists (one service: one partition, in publishing order).
     */
    private static List<JsonNode> audited(KafkaTestBroker broker, String prefix, HttpJson http) {
        int published = http.json("/api/decisions?service=" + SERVICE + "&limit=1000").size();
        List<ConsumerRecord<byte[], byte[]>> records = broker.consumeAll(prefix + ".decisions", published,
                Duration.ofSeconds(30));
        assertThat(records).as("every published decision on the audit topic").hasSize(published);
        return records.stream().map(r -> json(r.value())).filter(d -> d.path("from").asInt() != d.path("to").asInt())
                .toList();
    }

    private static Map<String, Long> calls(LocalCloudFixture cloud) {
        return cloud.cloud.calls().calls(KEY);
    }

    private static int desired(AwsClients operator) {
        return call(operator.ecs().describeServices(r -> r.cluster(CLUSTER).services(SERVICE))).services().get(0)
                .desiredCount();
    }

    private static JsonNode json(byte[] value) {
        try {
            return MAPPER.readTree(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] summary(long ts, int count) {
        return ("{\"v\":1,\"type\":\"summary\",\"service\":\"" + SERVICE + "\",\"ts\":" + ts + ",\"intervalMs\":1000,\"count\":"
                + count + ",\"errors\":0,\"latencyMsSum\":" + (count * 20L) + ",\"latencyMsMax\":30,\"inFlight\":2}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
