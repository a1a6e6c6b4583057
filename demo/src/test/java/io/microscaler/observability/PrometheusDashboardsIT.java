package io.microscaler.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.microscaler.service.Microscaler;
import io.microscaler.config.ConfigLoader;
import io.microscaler.config.MicroscalerConfig;
import io.microscaler.demo.Demo;
import io.microscaler.demo.LocalWorld;
import io.microscaler.demo.Scenario;
import io.microscaler.demo.TrafficGenerator;
import io.microscaler.demo.TrafficSettings;
import io.microscaler.forecast.ClosedSlot;
import io.microscaler.history.HistoryRecords;
import io.microscaler.localcloud.LocalCloudSettings;
import io.microscaler.testing.HttpJson;
import io.microscaler.testing.StartedMicroscaler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The dashboards against the real thing: a demo runs in this JVM (Kafka, the local cloud, image
 * servers, the autoscaler on the ECS actuator, a traffic spike), a real Prometheus scrapes its
 * {@code /metrics} every second, and every query of every dashboard (panel targets and
 * annotations, with the template variables filled in) must return at least one series through
 * Prometheus' HTTP API. Every metric {@code docs/metrics.md} lists must be in {@code /metrics},
 * and every {@code microscaler_*} metric there must be listed.
 *
 * <p>Skipped only where there is no Prometheus binary ({@code .ci/run} installs Debian's).
 */
@Tag("slow")
class PrometheusDashboardsIT {

    static final String SERVICE = "iiif";
    /** What Grafana puts in for the variables; 15 s covers several 1 s scrapes. */
    static final Map<String, String> VARIABLES = Dashboards.variables(SERVICE);
    static final Duration STEP = Duration.ofSeconds(2);
    /** The demo's service starts with 2 tasks; the spike needs more. */
    static final int INITIAL_TASKS = 2;
    private static final Set<String> UNBOUNDED_LABELS = Set.of("task", "task_id", "taskArn", "path", "uri", "url");
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})?\\s.*$");
    private static final Pattern LABEL_NAME = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"");

    @Test
    void everyDashboardQueryReturnsDataAndEveryCataloguedMetricExistsDuringADemo() throws Exception {
        Optional<Path> binary = PrometheusServer.binary();
        assumeTrue(binary.isPresent(), "no Prometheus: 'prometheus' is not on the PATH nor at "
                + PrometheusServer.DEBIAN_BINARY + "; install Debian's package (apt-get install prometheus, as .ci/run"
                + " does) to run the dashboards against a real Prometheus");
        // Read both before anything starts: a broken dashboard or catalogue fails in a second
        List<Dashboards.Query> queries = Dashboards.queries();
        List<String> catalogue = MetricsCatalogue.mustExist();
        assertThat(queries).isNotEmpty();
        assertThat(catalogue).isNotEmpty();

        long started = System.nanoTime();
        Path configFile = Demo.demoConfigFile();
        Map<String, String> overrides = new HashMap<>(Map.of("http.port", "0"));
        // A schedule with the service's own minimum (harmless whenever it is active: on a leap day at
        // 03:00 UTC), so microscaler_schedule_active exists and the schedules annotation has data.
        overrides.put("services." + SERVICE + ".schedules", "[{\"name\": \"leap-day\", \"start\": \"0 3 29 2 *\","
                + " \"end\": \"0 4 29 2 *\", \"timeZone\": \"UTC\", \"minTasks\": 2}]");
        // Predictive, with two past days of history at this time of day (as an earlier owner wrote it), so
        // that the forecast gauges exist and the load panel's forecast has data: 20/s, below what the
        // 2 tasks hold, so the spike is still the reactive policies' to answer
        overrides.put("services." + SERVICE + ".predictive", "true");
        MicroscalerConfig config = ConfigLoader.load(configFile, Map.of(), overrides);
        try (LocalWorld world = LocalWorld.start(config, 0, LocalCloudSettings.demo())) {
            writeHistory(world.bootstrapServers(), config.kafka().topics().forecastHistory());
            overrides.putAll(world.autoscalerOverrides());
            try (Microscaler microscaler = StartedMicroscaler.ready(ConfigLoader.load(configFile, Map.of(), overrides), Clock.systemUTC());
                 PrometheusServer prometheus = PrometheusServer.start(binary.get(), microscaler.httpPort(),
                         Path.of("target", "prometheus-it", "prometheus.log"))) {
                long demoUp = System.nanoTime();
                Instant from = Instant.now().minusSeconds(5);
                // 60/s, then 300/s after 5 s: more than the 2 tasks hold, so the service scales out
                TrafficGenerator traffic = new TrafficGenerator(new Scenario.Spike(60, 5, Duration.ofSeconds(5),
                        Duration.ofMinutes(5)), TrafficSettings.defaults("127.0.0.1", world.loadBalancerPorts().get(SERVICE)));
                join(world.vertx().deployVerticle(traffic));

                // The spike shows in Prometheus: more tasks desired, then more healthy behind the load balancer
                await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                    assertThat(max(prometheus, "max_over_time(microscaler_service_desired_tasks{service=\"" + SERVICE
                            + "\"}[5m])")).as("desired tasks").isGreaterThan(INITIAL_TASKS);
                    assertThat(max(prometheus, "max_over_time(microscaler_service_healthy_tasks{service=\"" + SERVICE
                            + "\"}[5m])")).as("healthy tasks").isGreaterThan(INITIAL_TASKS);
                });
                long scaledOut = System.nanoTime();
                // Some series are born with their first event (a decision of a new kind); give them a few scrapes
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                        assertThat(withoutData(prometheus, queries, from)).as("dashboard queries without data").isEmpty());
                System.out.printf("PrometheusDashboardsIT: demo and Prometheus up in %.1f s, scale-out seen %.1f s later,"
                                + " all %d dashboard queries with data %.1f s after that%n", seconds(started, demoUp),
                        seconds(demoUp, scaledOut), queries.size(), seconds(scaledOut, System.nanoTime()));

                assertThat(prometheus.labelValues("service", "microscaler_service_desired_tasks"))
                        .as("the service variable's values").contains(SERVICE);
                String exposition = new HttpJson(microscaler.httpPort()).get("/metrics").body();
                Files.writeString(Path.of("target", "prometheus-it", "metrics.txt"), exposition);
                Set<String> exposed = families(exposition);
                assertThat(catalogue).as("metrics in docs/metrics.md missing from /metrics")
                        .allSatisfy(name -> assertThat(exposed).as(name).containsAnyOf(name, name + "_bucket",
                                name + "_count", name + "_max"));
                assertThat(exposed.stream().filter(n -> n.startsWith("microscaler_"))
                        .filter(n -> !documented(n, catalogue)).toList())
                        .as("microscaler_* metrics in /metrics that docs/metrics.md does not list").isEmpty();
                assertThat(labelNames(exposition)).as("label names").doesNotContainAnyElementsOf(UNBOUNDED_LABELS);

                join(world.vertx().undeploy(traffic.deploymentID()));
            }
        }
    }

    /** Two past days of one record a minute around now, 20 requests/s, for {@link #SERVICE}. */
    private static void writeHistory(String bootstrap, String topic) {
        long minute = Instant.now().getEpochSecond() / 60 * 60;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int day = 2; day >= 1; day--) {
                for (int m = -60; m <= 60; m++) {
                    ClosedSlot slot = new ClosedSlot(minute - day * 86_400L + m * 60L, 60, 20);
                    producer.send(new ProducerRecord<>(topic, HistoryRecords.key(SERVICE), HistoryRecords.value(SERVICE, slot)));
                }
            }
        }
    }

    /** The queries that return no series, each with Prometheus' answer. */
    private static List<String> withoutData(PrometheusServer prometheus, List<Dashboards.Query> queries, Instant from)
            throws Exception {
        List<String> empty = new ArrayList<>();
        Instant to = Instant.now();
        for (Dashboards.Query q : queries) {
            String promql = Dashboards.fill(q.expr(), VARIABLES);
            JsonNode result = q.instant() ? prometheus.query(promql) : prometheus.queryRange(promql, from, to, STEP);
            if (result.isEmpty()) {
                empty.add(q.where() + ": " + promql);
            }
        }
        return empty;
    }

    private static double max(PrometheusServer prometheus, String promql) throws Exception {
        double max = Double.NEGATIVE_INFINITY;
        for (JsonNode series : prometheus.query(promql)) {
            max = Math.max(max, Double.parseDouble(series.path("value").path(1).asText()));
        }
        return max;
    }

    /** Metric names with samples in the exposition (a histogram's _bucket, _count… as they are). */
    static Set<String> families(String exposition) {
        Set<String> names = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (!line.startsWith("#") && m.matches()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    private static boolean documented(String exposed, List<String> catalogue) {
        for (String suffix : new String[] {"", "_bucket", "_count", "_sum", "_max"}) {
            if (exposed.endsWith(suffix) && catalogue.contains(exposed.substring(0, exposed.length() - suffix.length()))) {
                return true;
            }
        }
        return false;
    }

    private static Set<String> labelNames(String exposition) {
        Set<String> names = new TreeSet<>();
        for (String line : exposition.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (!line.startsWith("#") && m.matches() && m.group(2) != null) {
                Matcher label = LABEL_NAME.matcher(m.group(2));
                while (label.find()) {
                    names.add(label.group(1));
                }
            }
        }
        return names;
    }

    private static double seconds(long fromNanos, long toNanos) {
        return (toNanos - fromNanos) / 1e9;
    }

    private static <T> T join(io.vertx.core.Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
}
