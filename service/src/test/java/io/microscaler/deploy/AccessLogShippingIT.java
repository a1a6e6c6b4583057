package io.microscaler.deploy;

import static io.microscaler.localcloud.LocalCloudFixture.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.microscaler.actuate.aws.AwsClients;
import io.microscaler.actuate.aws.AwsSettings;
import io.microscaler.config.MicroscalerConfig;
import io.microscaler.localcloud.LocalCloudFixture;
import io.microscaler.localcloud.LocalCloudSettings;
import io.microscaler.service.Microscaler;
import io.microscaler.testing.HttpJson;
import io.microscaler.testing.KafkaBrokerExtension;
import io.microscaler.testing.KafkaTestBroker;
import io.microscaler.testing.StartedMicroscaler;
import io.microscaler.testing.TestConfigs;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.PortMapping;

/**
 * Issue 19: a service fed by nothing but its access log. Real nginx (Debian's package) proxies to an
 * app and writes deploy/access-logs/nginx-microscaler.conf's format; real rsyslogd runs
 * deploy/access-logs/rsyslog-microscaler.conf as shipped and sends the lines and its heartbeat with
 * omkafka to the embedded broker; microscaler scales the ECS service in the local cloud.
 * <ol>
 *   <li>load on nginx: the service scales out; a line in another format is dead-lettered (not-json);</li>
 *   <li>the load stops: nginx writes nothing more and sends no heartbeat of its own, yet the service
 *   scales in, each decision saying "idle: …" (the shipper's heartbeat says the pipeline is live);</li>
 *   <li>load again (scales out), then the shipper stops and the load with it: the service holds,
 *   "a broken pipeline never scales in", for longer than the idle rule needed to scale it in.</li>
 * </ol>
 * Skipped, saying what is missing, where nginx, rsyslogd or omkafka are not installed.
 */
@ExtendWith(KafkaBrokerExtension.class)
class AccessLogShippingIT {

    private static final String CLUSTER = "microscaler";
    private static final String SERVICE = "iiif";
    /** The windows of the config below: a quiet service's stable window is empty this long after its last request. */
    private static final int STABLE_SECONDS = 4;
    private static final int STALE_SECONDS = 3;

    @TempDir
    static Path dir;
    private static ShipperProcesses processes;
    private static HttpServer app;

    @RegisterExtension
    final StartedMicroscaler started = new StartedMicroscaler();

    @BeforeAll
    static void requireNginxAndRsyslog() throws Exception {
        ShipperProcesses.missing().ifPresent(what -> Assumptions.abort("AccessLogShippingIT needs real nginx and rsyslog: "
                + what));
        processes = new ShipperProcesses(dir);
        // The app nginx proxies to: its time is the upstream time in the log line (the time at work)
        app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        app.setExecutor(Executors.newFixedThreadPool(4));
        app.createContext("/", exchange -> {
            byte[] tile = new byte[2048];
            exchange.sendResponseHeaders(200, tile.length);
            exchange.getResponseBody().write(tile);
            exchange.close();
        });
        app.start();
    }

    @AfterAll
    static void stopEverything() {
        if (processes != null) {
            processes.close();
        }
        if (app != null) {
            app.stop(0);
            ((java.util.concurrent.ExecutorService) app.getExecutor()).shutdownNow();
        }
    }

    @Test
    void accessLogsThroughRsyslogScaleOutAndInAndABrokenShipperHolds(KafkaTestBroker broker) throws Exception {
        try (LocalCloudFixture cloud = new LocalCloudFixture(LocalCloudSettings.fast());
             AwsClients operator = AwsClients.create(AwsSettings.endpoint(cloud.cloud.endpoint(), cloud.cloud.region(),
                     "AKIDOPERATOR", "local"))) {
            runOneTask(cloud, operator);
            String prefix = broker.uniqueName("access");
            broker.createTopic(prefix + ".requests", 4);
            MicroscalerConfig config = started.config(broker, prefix, TestConfigs.kafkaAndHttp(1) + """
                      maxFutureSkew: 1s
                    tick: 200ms
                    windows: {stableSpan: %ds, panicSpan: 2s, staleAfter: %ds}
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
                      %s: {target: 10, initialTasks: 1, minTasks: 1, maxTasks: 10, panic: false, scaleDownStabilisation: 0s}
                    """.formatted(STABLE_SECONDS, STALE_SECONDS, cloud.cloud.endpoint(), cloud.cloud.region(), CLUSTER,
                    SERVICE));

            Path accessLog = Files.createFile(dir.resolve("access.log"));
            int nginxPort = ShipperProcesses.freePort();
            processes.nginx(nginxPort, app.getAddress().getPort(), SERVICE, accessLog);
            Process rsyslog = processes.rsyslog(Map.of(
                    "MICROSCALER_SERVICE", SERVICE,
                    "MICROSCALER_ACCESS_LOG", accessLog.toString(),
                    "MICROSCALER_KAFKA_BROKERS", broker.bootstrapServers(),
                    "MICROSCALER_REQUESTS_TOPIC", prefix + ".requests",
                    "MICROSCALER_SOURCE", "task-1",
                    "MICROSCALER_HEARTBEAT_SECONDS", "1"));
            Microscaler microscaler = started.start(config, Clock.systemUTC());
            HttpJson http = new HttpJson(microscaler.httpPort());
            Load load = new Load(nginxPort);
            try {
                // 1. 50 requests/s at 10 per task: 5 tasks
                load.start(50);
                await("a scale-out from the access log").atMost(Duration.ofSeconds(30))
                        .until(() -> desired(operator) >= 4);
                assertThat(accessLog).as("nginx wrote the shipped format").content()
                        .startsWith("{\"v\":1,\"service\":\"iiif\",\"time\":");
                assertThat(http.service(SERVICE).path("recordedRequests").asLong()).isPositive();
                // A line in another format (a server still logging "combined") goes where a bad JSON event goes
                Files.writeString(accessLog, "127.0.0.1 - - [06/Dec/2026:12:00:00 +0000] \"GET / HTTP/1.1\" 200 612\n",
                        StandardOpenOption.APPEND);
                await("the bad line dead-lettered").atMost(Duration.ofSeconds(10)).until(() ->
                        http.metric("microscaler_ingest_dead_letter_total", "reason=\"not-json\"") == 1);

                // 2. no requests: nginx writes nothing and sends nothing; the shipper's heartbeat goes on
                load.stop();
                await("a scale-in of an idle service").atMost(Duration.ofSeconds(30)).until(() -> desired(operator) == 1);
                JsonNode idle = http.service(SERVICE);
                assertThat(idle.path("lastDecision").path("message").asText()).as("the rule that applied")
                        .startsWith("idle: no requests for ").contains("pipeline live (1 shipper");
                assertThat(idle.path("pipeline").path("idle").asBoolean()).isTrue();

                // 3. load again, then the shipper stops (and the load): no data is not no load
                load.start(50);
                await("a scale-out again").atMost(Duration.ofSeconds(30)).until(() -> desired(operator) >= 4);
                ShipperProcesses.stop(rsyslog);
                long stopped = System.currentTimeMillis();
                load.stop();
                int before = desired(operator);
                await("a hold on no data").atMost(Duration.ofSeconds(20)).until(() -> lastEvaluation(http)
                        .path("reason").asText().equals("insufficient-data"));
                assertThat(lastEvaluation(http).path("message").asText())
                        .startsWith("no data: no requests for ").contains("no shipper heartbeat for")
                        .endsWith("a broken pipeline never scales in");
                // Longer than the idle rule took to scale in: the stable window has been empty for a while
                await("a quiet stable window").atMost(Duration.ofSeconds(30)).until(() ->
                        secondsWithoutRequests(http) >= STABLE_SECONDS + 1);
                assertThat(lastEvaluation(http).path("reason").asText()).isEqualTo("insufficient-data");
                // (what the pipeline delivered before it stopped may still scale out; nothing scales in)
                assertThat(desired(operator)).as("held through the silence").isGreaterThanOrEqualTo(before);
                assertThat(http.json("/api/decisions?service=" + SERVICE + "&limit=1000")).as("decisions since the shipper stopped")
                        .filteredOn(d -> d.path("ts").asLong() >= stopped)
                        .noneMatch(d -> d.path("to").asInt() < d.path("from").asInt());

                assertThat(http.metric("microscaler_ingest_dead_letter_total")).as("dead letters: the bad line only").isEqualTo(1);
                assertThat(http.metric("microscaler_ingest_records_total", "outcome=\"rerouted\""))
                        .as("records not on their service's home partition (omkafka keys as the Java client does)")
                        .isZero();
                System.out.printf("access logs: %d requests sent to nginx, %d recorded%n", load.sent.get(),
                        http.service(SERVICE).path("recordedRequests").asLong());
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(e.getMessage() + "\nrsyslogd said:\n" + processes.output("rsyslogd")
                        + "\nnginx said:\n" + processes.output("nginx"), e);
            } finally {
                load.stop();
                load.close();
            }
        }
    }

    private static JsonNode lastEvaluation(HttpJson http) {
        return http.service(SERVICE).path("lastEvaluation");
    }

    /** From its own last evaluation's message, "no requests for N s". */
    private static long secondsWithoutRequests(HttpJson http) {
        String message = lastEvaluation(http).path("message").asText();
        var m = java.util.regex.Pattern.compile("no requests for (\\d+) s").matcher(message);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    /** An ECS service of 1 task, as in production (the tasks are the local cloud's). */
    private static void runOneTask(LocalCloudFixture cloud, AwsClients operator) {
        call(operator.ecs().createCluster(r -> r.clusterName(CLUSTER)));
        cloud.join(CLUSTER, "i-0001", 8192, 15360);
        call(operator.ecs().registerTaskDefinition(r -> r.family(SERVICE).networkMode(NetworkMode.BRIDGE)
                .containerDefinitions(ContainerDefinition.builder().name(SERVICE).image("image-server:1").cpu(256)
                        .memory(512).essential(true)
                        .portMappings(PortMapping.builder().containerPort(8080).hostPort(0).build()).build())));
        call(operator.ecs().createService(r -> r.cluster(CLUSTER).serviceName(SERVICE).taskDefinition(SERVICE)
                .desiredCount(1).launchType(LaunchType.EC2)));
    }

    private static int desired(AwsClients operator) {
        return call(operator.ecs().describeServices(r -> r.cluster(CLUSTER).services(SERVICE))).services().get(0)
                .desiredCount();
    }

    /** Open-loop requests to nginx at a steady rate, sent asynchronously (a slow answer delays no other). */
    private static final class Load implements AutoCloseable {
        private final HttpClient client = HttpClient.newHttpClient();
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
        private final URI uri;
        private final AtomicLong sent = new AtomicLong();
        private ScheduledFuture<?> running;

        Load(int port) {
            this.uri = URI.create("http://127.0.0.1:" + port + "/iiif/2/image/0,0,256,256/256,/0/default.jpg");
        }

        synchronized void start(int perSecond) {
            stop();
            running = timer.scheduleAtFixedRate(() -> {
                sent.incrementAndGet();
                client.sendAsync(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.discarding());
            }, 0, 1_000_000L / perSecond, TimeUnit.MICROSECONDS);
        }

        synchronized void stop() {
            if (running != null) {
                running.cancel(false);
                running = null;
            }
        }

        @Override
        public void close() {
            timer.shutdownNow();
        }
    }
}
