package io.microscaler.deploy;

import static io.microscaler.localcloud.LocalCloudFixture.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.microscaler.actuate.aws.AwsClients;
import io.microscaler.actuate.aws.AwsSettings;
import io.microscaler.actuate.aws.DynamicScaling;
import io.microscaler.config.MicroscalerConfig;
import io.microscaler.localcloud.LocalCloudFixture;
import io.microscaler.localcloud.LocalCloudSettings;
import io.microscaler.service.HandbackCommand;
import io.microscaler.service.Microscaler;
import io.microscaler.testing.Events;
import io.microscaler.testing.HttpJson;
import io.microscaler.testing.KafkaBrokerExtension;
import io.microscaler.testing.KafkaTestBroker;
import io.microscaler.testing.StartedMicroscaler;
import io.microscaler.testing.TestConfigs;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.NetworkMode;

/**
 * Issue 19, beside Application Auto Scaling: two ECS services of 2 tasks, each under target
 * tracking, get load that 5 tasks would serve. {@code held} (no {@code takeOver}) is left to
 * Application Auto Scaling: microscaler decides 2 → 5 but ECS's count stays 2, and
 * {@code /api/services} and {@code /health/ready} say why ({@code dynamic-scaling-active}) while
 * the process stays ready. {@code taken} ({@code takeOver: true}) has its state recorded in the
 * scalable target's tag and its dynamic scaling suspended, and is scaled to 5. After microscaler
 * stops, {@code handback} restores {@code taken}'s target as it was and removes the tag, and leaves
 * {@code held}'s alone.
 */
@ExtendWith(KafkaBrokerExtension.class)
class TakeOverIT {

    private static final String CLUSTER = "microscaler";
    private static final String HELD = "held";
    private static final String TAKEN = "taken";

    @RegisterExtension
    final StartedMicroscaler started = new StartedMicroscaler();

    @Test
    void aServiceUnderTargetTrackingIsLeftAloneUnlessTakenOverAndHandedBackAsItWas(KafkaTestBroker broker) throws Exception {
        try (LocalCloudFixture cloud = new LocalCloudFixture(LocalCloudSettings.fast());
             AwsClients operator = AwsClients.create(AwsSettings.endpoint(cloud.cloud.endpoint(), cloud.cloud.region(),
                     "AKIDOPERATOR", "local"));
             KafkaProducer<byte[], byte[]> producer = broker.producer()) {
            call(operator.ecs().createCluster(r -> r.clusterName(CLUSTER)));
            cloud.join(CLUSTER, "i-0001", 4096, 7680);
            for (String service : List.of(HELD, TAKEN)) {
                twoTasksUnderTargetTracking(operator, service);
            }
            String prefix = broker.uniqueName("takeover");
            MicroscalerConfig config = started.config(broker, prefix, TestConfigs.kafkaAndHttp(1) + """
                      maxFutureSkew: 1s
                    tick: 200ms
                    windows: {stableSpan: 2s, panicSpan: 1s, staleAfter: 4s}
                    actuator:
                      target: ecs
                      reconcileInterval: 300ms
                      aws:
                        endpoint: %s
                        region: %s
                        credentials: static
                        accessKeyId: AKIDMICROSCALER
                        secretAccessKey: local
                        cluster: %s
                    services:
                      %s: {target: 100, maxTasks: 20, panic: false}
                      %s: {target: 100, maxTasks: 20, panic: false, takeOver: true}
                    """.formatted(cloud.cloud.endpoint(), cloud.cloud.region(), CLUSTER, HELD, TAKEN));
            broker.createTopic(prefix + ".requests", 4);
            ScheduledExecutorService load = Executors.newSingleThreadScheduledExecutor();
            load.scheduleAtFixedRate(() -> {
                for (String service : List.of(HELD, TAKEN)) { // 5 tasks' worth at 100 requests/s each
                    producer.send(new ProducerRecord<>(prefix + ".requests", Events.key(service),
                            summary(service, System.currentTimeMillis(), 500)));
                }
            }, 0, 1, TimeUnit.SECONDS);
            try {
                Microscaler microscaler = started.start(config, Clock.systemUTC()); // ready: holds are no failure
                HttpJson http = new HttpJson(microscaler.httpPort());

                ScalableTarget taken = target(operator, TAKEN);
                assertThat(taken.suspendedState().dynamicScalingInSuspended()).isTrue();
                assertThat(taken.suspendedState().dynamicScalingOutSuspended()).isTrue();
                assertThat(tags(operator, taken).get(DynamicScaling.TAG)).as("the state to hand back")
                        .isEqualTo("dynamicScalingInSuspended=false dynamicScalingOutSuspended=false"
                                + " scheduledScalingSuspended=false");

                await().atMost(Duration.ofSeconds(30)).until(() -> desired(operator, TAKEN) == 5);
                await().atMost(Duration.ofSeconds(30)).until(() -> lastDecisionTo(http, HELD) == 5);
                JsonNode held = http.service(HELD);
                assertThat(held.path("problem").asText()).startsWith("dynamic-scaling-active: ")
                        .contains("takeOver: true").contains("cpu75 (TargetTrackingScaling)");
                assertThat(http.service(TAKEN).path("problem").isNull()).isTrue();
                JsonNode ready = http.json("/health/ready");
                assertThat(ready.path("status").asText()).isEqualTo("UP");
                assertThat(ready.path("problems")).singleElement()
                        .satisfies(p -> assertThat(p.path("service").asText()).isEqualTo(HELD))
                        .satisfies(p -> assertThat(p.path("cause").asText()).isEqualTo("dynamic-scaling-active"));
                assertThat(desired(operator, HELD)).as("left to Application Auto Scaling").isEqualTo(2);
                assertThat(target(operator, HELD).suspendedState().dynamicScalingOutSuspended()).isFalse();
                assertThat(http.metric("microscaler_actuator_decisions_total", "verdict=\"held\""))
                        .as("its decisions were dropped, counted").isPositive();
            } finally {
                load.shutdownNow();
                started.afterEach(null);
            }

            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            int exit = HandbackCommand.handBack(config, List.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            String said = out.toString(StandardCharsets.UTF_8);
            assertThat(exit).as("stderr: %s", err).isZero();
            assertThat(said).contains(TAKEN + ": handed back to Application Auto Scaling")
                    .contains(HELD + ": not taken over by microscaler");
            ScalableTarget restored = target(operator, TAKEN);
            assertThat(restored.suspendedState().dynamicScalingInSuspended()).isFalse();
            assertThat(restored.suspendedState().dynamicScalingOutSuspended()).isFalse();
            assertThat(tags(operator, restored)).doesNotContainKey(DynamicScaling.TAG);
            assertThat(desired(operator, HELD)).isEqualTo(2);
        }
    }

    private static void twoTasksUnderTargetTracking(AwsClients operator, String service) {
        call(operator.ecs().registerTaskDefinition(r -> r.family(service).networkMode(NetworkMode.BRIDGE)
                .containerDefinitions(ContainerDefinition.builder().name(service).image("image-server:1").cpu(256)
                        .memory(256).essential(true).build())));
        call(operator.ecs().createService(r -> r.cluster(CLUSTER).serviceName(service).taskDefinition(service)
                .desiredCount(2).launchType(LaunchType.EC2)));
        String resource = "service/" + CLUSTER + "/" + service;
        call(operator.applicationAutoScaling().registerScalableTarget(r -> r.serviceNamespace("ecs").resourceId(resource)
                .scalableDimension("ecs:service:DesiredCount").minCapacity(1).maxCapacity(20)));
        call(operator.applicationAutoScaling().putScalingPolicy(r -> r.policyName("cpu75").serviceNamespace("ecs")
                .resourceId(resource).scalableDimension("ecs:service:DesiredCount").policyType("TargetTrackingScaling")
                .targetTrackingScalingPolicyConfiguration(c -> c.targetValue(75.0).predefinedMetricSpecification(
                        m -> m.predefinedMetricType("ECSServiceAverageCPUUtilization")))));
    }

    private static ScalableTarget target(AwsClients operator, String service) {
        return call(operator.applicationAutoScaling().describeScalableTargets(r -> r.serviceNamespace("ecs")
                .resourceIds("service/" + CLUSTER + "/" + service))).scalableTargets().get(0);
    }

    private static java.util.Map<String, String> tags(AwsClients operator, ScalableTarget target) {
        return call(operator.applicationAutoScaling().listTagsForResource(r -> r.resourceARN(target.scalableTargetARN())))
                .tags();
    }

    private static int desired(AwsClients operator, String service) {
        return call(operator.ecs().describeServices(r -> r.cluster(CLUSTER).services(service))).services().get(0)
                .desiredCount();
    }

    private static int lastDecisionTo(HttpJson http, String service) {
        JsonNode s = http.service(service);
        return s == null || s.path("lastDecision").isNull() ? -1 : s.path("lastDecision").path("to").asInt(-1);
    }

    private static byte[] summary(String service, long ts, int count) {
        return ("{\"v\":1,\"type\":\"summary\",\"service\":\"" + service + "\",\"ts\":" + ts
                + ",\"intervalMs\":1000,\"count\":" + count + ",\"errors\":0,\"latencyMsSum\":" + (count * 20L)
                + ",\"latencyMsMax\":30,\"inFlight\":2}").getBytes(StandardCharsets.UTF_8);
    }
}
