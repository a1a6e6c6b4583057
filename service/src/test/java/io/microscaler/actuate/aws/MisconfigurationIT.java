package io.microscaler.actuate.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.microscaler.actuate.ActuatorVerticle;
import io.microscaler.api.ApiVerticle;
import io.microscaler.api.ServiceTargets;
import io.microscaler.bus.Codecs;
import io.microscaler.localcloud.ClusterEventSink;
import io.microscaler.localcloud.ContainerRuntime;
import io.microscaler.localcloud.HealthProbe;
import io.microscaler.localcloud.LocalCloud;
import io.microscaler.localcloud.LocalCloudSettings;
import io.microscaler.observability.ActuatorMeters;
import io.microscaler.observability.Metrics;
import io.microscaler.testing.HttpJson;
import io.microscaler.testing.KafkaBrokerExtension;
import io.microscaler.testing.KafkaTestBroker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.DescribeServicesRequest;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.NetworkMode;

/**
 * Misconfiguration as a new user makes it, against the local cloud over HTTP and a real broker:
 * a misspelled service, a wrong cluster, a wrong region. Each is a WARN naming the service and its cause,
 * {@code /health/ready}'s details and {@code /api/services} name it, the call counts as failed, and
 * the missing service's reads back off while the good one's go on every reconcile.
 */
@ExtendWith(KafkaBrokerExtension.class)
class MisconfigurationIT {

    private static final String CLUSTER = "microscaler";
    /** Short, so the back-off's doubling shows within seconds: waits of 100, 200, 400, 800, 1600 ms … */
    private static final Duration RECONCILE = Duration.ofMillis(50);

    private static Vertx cloudVertx;
    private static LocalCloud cloud;
    private static AwsClients operator;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ActuatorMeters meters = new ActuatorMeters(registry, EcsServiceTarget.NAME);
    private final DescribedServices described = new DescribedServices();
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger actuatorLog = (Logger) LoggerFactory.getLogger(ActuatorVerticle.class);
    private Vertx vertx;
    private AwsClients clients;

    /** Each service named in a DescribeServices request sent, as the client sends it (each attempt). */
    static final class DescribedServices implements ExecutionInterceptor {
        private final List<String> services = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            if (context.request() instanceof DescribeServicesRequest r) {
                services.addAll(r.services());
            }
        }

        long of(String service) {
            synchronized (services) {
                return services.stream().filter(service::equals).count();
            }
        }
    }

    @BeforeAll
    static void startCloud() throws Exception {
        cloudVertx = Vertx.vertx();
        cloud = get(LocalCloud.start(cloudVertx, LocalCloudSettings.fast(), ContainerRuntime.NONE,
                HealthProbe.ALWAYS_HEALTHY, ClusterEventSink.NONE));
        operator = AwsClients.create(AwsSettings.endpoint(cloud.endpoint(), cloud.region(), "AKIDOPERATOR", "local"));
        get(operator.ecs().createCluster(r -> r.clusterName(CLUSTER)));
        get(operator.ecs().registerTaskDefinition(r -> r.family("web").networkMode(NetworkMode.BRIDGE)
                .containerDefinitions(ContainerDefinition.builder().name("web").image("web:1").cpu(32).memory(128)
                        .essential(true).build())));
        get(operator.ecs().createService(r -> r.cluster(CLUSTER).serviceName("web").taskDefinition("web")
                .desiredCount(0).launchType(LaunchType.EC2)));
    }

    @AfterAll
    static void stopCloud() throws Exception {
        operator.close();
        get(cloud.close());
        get(cloudVertx.close());
    }

    @AfterEach
    void stop() throws Exception {
        actuatorLog.detachAppender(log);
        if (vertx != null) {
            get(vertx.close());
        }
        if (clients != null) {
            clients.close();
        }
    }

    @Test
    void aMisspelledServiceIsNamedCountedAndBackedOffWhileTheOthersGoOn(KafkaTestBroker broker) throws Exception {
        HttpJson http = start(broker, CLUSTER, Set.of("web", "wbe"));

        await("the WARN naming the service and its cause").atMost(Duration.ofSeconds(10))
                .until(() -> warnings("wbe").size() == 1);
        assertThat(warnings("wbe").get(0)).contains("service-missing")
                .contains("ECS service 'wbe' not found in cluster 'microscaler'");

        // The misspelled service's reads back off while the good one is read every reconcile. Without
        // the back-off both would be read alike (one read per reconcile, 20 a second here).
        await("40 reads of the good service").atMost(Duration.ofSeconds(10)).until(() -> described.of("web") >= 40);
        long web = described.of("web");
        long wbe = described.of("wbe");
        assertThat(wbe).as("reads of the missing service while the good one was read %d times", web)
                .isBetween(2L, web / 4);
        LoggerFactory.getLogger(MisconfigurationIT.class).info("DescribeServices of the missing service: {}, of the good one: {}",
                wbe, web);
        assertThat(registry.find("microscaler_actuator_reads_backed_off").counter().count()).isPositive();
        // Each of those reads a failed call in the metrics (a 200 whose failures say MISSING), not a success
        assertThat(registry.find("microscaler_aws_calls").tags("api", "ecs:DescribeServices", "outcome", "client-error")
                .counter().count()).isEqualTo((double) wbe);
        assertThat(warnings("wbe")).as("one WARN however many reads").hasSize(1);

        // /health/ready names the problem, and stays 200: the process still scales "web"
        HttpResponse<String> ready = http.get("/health/ready");
        JsonNode body = new com.fasterxml.jackson.databind.ObjectMapper().readTree(ready.body());
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        assertThat(body.path("problems")).hasSize(1);
        assertThat(body.path("problems").get(0).path("service").asText()).isEqualTo("wbe");
        assertThat(body.path("problems").get(0).path("cause").asText()).isEqualTo("service-missing");

        // /api/services lists both from the start (no event has arrived), the missing one with its problem
        JsonNode misspelled = http.service("wbe");
        assertThat(misspelled.path("state").asText()).isEqualTo("no-data");
        assertThat(misspelled.path("problem").asText()).startsWith("service-missing: ECS service 'wbe' not found");
        JsonNode good = http.service("web");
        assertThat(good.path("state").asText()).isEqualTo("no-data");
        assertThat(good.path("problem").isNull()).isTrue();
        assertThat(good.path("desired").asInt(-1)).as("the counts the actuator read").isZero();

        // Once the service exists it is read again (at its next due read) and the problem clears
        get(operator.ecs().createService(r -> r.cluster(CLUSTER).serviceName("wbe").taskDefinition("web")
                .desiredCount(0).launchType(LaunchType.EC2)));
        await("the INFO that it cleared").atMost(Duration.ofSeconds(15)).until(() -> infos("wbe").size() == 1);
        await().atMost(Duration.ofSeconds(5)).until(() -> http.service("wbe").path("problem").isNull());
        long afterFound = described.of("wbe");
        await("reads every reconcile again").atMost(Duration.ofSeconds(5)).until(() -> described.of("wbe") >= afterFound + 10);
    }

    @Test
    void aWrongClusterFailsEveryServiceAndSoReadiness(KafkaTestBroker broker) throws Exception {
        HttpJson http = start(broker, "microscalr", Set.of("web"));

        await().atMost(Duration.ofSeconds(10)).until(() -> warnings("web").size() == 1);
        assertThat(warnings("web").get(0)).contains("cluster-missing: ECS cluster 'microscalr' not found (reading service 'web'):"
                + " ClusterNotFoundException");
        await("503: every service read here has a problem").atMost(Duration.ofSeconds(10))
                .until(() -> http.get("/health/ready").statusCode() == 503);
        JsonNode body = new com.fasterxml.jackson.databind.ObjectMapper().readTree(http.get("/health/ready").body());
        assertThat(body.path("reasons").toString()).contains("every service read here (1) has a problem: web");
        assertThat(body.path("brokerReachable").asBoolean()).isTrue();
        assertThat(body.path("problems").get(0).path("cause").asText()).isEqualTo("cluster-missing");
        assertThat(http.service("web").path("problem").asText()).startsWith("cluster-missing: ECS cluster 'microscalr'");
        assertThat(registry.find("microscaler_aws_calls").tags("api", "ecs:DescribeServices", "outcome", "client-error")
                .counter().count()).isPositive();
    }

    @Test
    void aWrongRegionIsAccessRefusedAndNotBackedOff(KafkaTestBroker broker) throws Exception {
        HttpJson http = start(broker, CLUSTER, Set.of("web"), "eu-north-9");

        await().atMost(Duration.ofSeconds(10)).until(() -> warnings("web").size() == 1);
        // The local cloud refuses a request signed for another region as AWS does: 403 InvalidSignatureException
        assertThat(warnings("web").get(0)).contains("access-refused: AWS refused the request for 'web': InvalidSignatureException")
                .contains("actuator.aws.region");
        await("503: its only service has a problem").atMost(Duration.ofSeconds(10))
                .until(() -> http.get("/health/ready").statusCode() == 503);
        // Not a missing service: read every reconcile (the call policy's retries are its back-off), logged once
        long before = described.of("web");
        await().atMost(Duration.ofSeconds(10)).until(() -> described.of("web") >= before + 10);
        assertThat(registry.find("microscaler_actuator_reads_backed_off").counter().count()).isZero();
        assertThat(warnings("web")).hasSize(1);
        assertThat(http.service("web").path("problem").asText()).startsWith("access-refused: ");
    }

    private HttpJson start(KafkaTestBroker broker, String cluster, Set<String> services) throws Exception {
        return start(broker, cluster, services, cloud.region());
    }

    /** The actuator and the HTTP API for {@code services} in {@code cluster}, signing for {@code region}; the API's port. */
    private HttpJson start(KafkaTestBroker broker, String cluster, Set<String> services, String region) throws Exception {
        log.start();
        actuatorLog.addAppender(log);
        vertx = Vertx.vertx();
        Codecs.register(vertx.eventBus());
        clients = AwsClients.create(AwsSettings.endpoint(cloud.endpoint(), region, "AKIDACTUATOR", "local"),
                List.of(described));
        AwsCallListener listener = AwsCallListener.meters(meters, EcsServiceTarget.APIS);
        AwsCalls calls = new AwsCalls(vertx, new AwsCalls.Settings(3, Duration.ofMillis(10), Duration.ofMillis(50),
                Duration.ofSeconds(5), 1000, 1000), listener);
        EcsServiceTarget target = new EcsServiceTarget(clients.ecs(), clients.elb(), calls, cluster, Map.of(), listener);
        Map<String, ServiceTargets> targets = new java.util.TreeMap<>();
        services.forEach(s -> targets.put(s, new ServiceTargets(null, 0, 10)));
        ApiVerticle api = new ApiVerticle("127.0.0.1", 0, 0, Map.of("bootstrap.servers", broker.bootstrapServers()),
                Metrics.newRegistry(), targets, Clock.systemUTC());
        get(vertx.deployVerticle(api));
        get(vertx.deployVerticle(new ActuatorVerticle(target, services, RECONCILE, Clock.systemUTC(), meters)));
        return new HttpJson(api.actualPort());
    }

    private List<String> warnings(String service) {
        return logged(Level.WARN, service);
    }

    private List<String> infos(String service) {
        return logged(Level.INFO, service);
    }

    private List<String> logged(Level level, String service) {
        synchronized (log.list) {
            return log.list.stream().filter(e -> e.getLevel() == level)
                    .map(ILoggingEvent::getFormattedMessage)
                    .filter(m -> m.startsWith(EcsServiceTarget.NAME + ": " + service + ": ")).toList();
        }
    }

    private static <T> T get(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private static <T> T get(java.util.concurrent.CompletableFuture<T> future) throws Exception {
        return future.get(30, TimeUnit.SECONDS);
    }
}
