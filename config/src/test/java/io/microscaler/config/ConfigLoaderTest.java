package io.microscaler.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.microscaler.config.ActuatorConfig.Target;
import io.microscaler.config.IngestConfig.UnknownServices;
import io.microscaler.policy.TargetMetric;
import io.microscaler.policy.ChangeType;
import io.microscaler.policy.DemandSettings;
import io.microscaler.policy.PanicSettings;
import io.microscaler.policy.RateLimit;
import io.microscaler.policy.ScalingRules;
import io.microscaler.policy.SelectPolicy;
import io.microscaler.policy.ServicePolicySettings;
import io.microscaler.policy.Step;
import io.microscaler.policy.StepMetric;
import io.microscaler.policy.StepSettings;
import io.microscaler.window.DemandKind;
import io.microscaler.window.WindowSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The layers: defaults ← file ← environment ← explicit overrides. */
class ConfigLoaderTest {

    @TempDir
    Path dir;

    private Path yaml(String text) throws IOException {
        Path file = dir.resolve("microscaler.yaml");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void unsetBootstrapServersIsAnErrorNamingTheKeyAndItsVariableNeverAnEmbeddedBroker() {
        KafkaConfig kafka = ConfigLoader.load(null, Map.of()).kafka();

        assertThatThrownBy(kafka::requiredBootstrapServers).isInstanceOf(ConfigException.class)
                .hasMessageContaining("kafka.bootstrapServers")
                .hasMessageContaining("MICROSCALER_KAFKA_BOOTSTRAP_SERVERS")
                .hasMessageContaining("host:port");
        assertThat(ConfigLoader.load(null, Map.of("MICROSCALER_KAFKA_BOOTSTRAP_SERVERS", "b-1.msk:9098"))
                .kafka().requiredBootstrapServers()).isEqualTo("b-1.msk:9098");
    }

    @Test
    void aFutureSkewAsLongAsTheStableSpanIsRefusedNamingTheKey() {
        // one event that far ahead would move the window past every real event it holds
        assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("MICROSCALER_INGEST_MAX_FUTURE_SKEW", "60s")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("ingest.maxFutureSkew").hasMessageContaining("60s")
                .hasMessageContaining("less than windows.stableSpan");
        assertThat(ConfigLoader.load(null, Map.of("MICROSCALER_INGEST_MAX_FUTURE_SKEW", "10s")).windows().maxFutureSkew())
                .isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void withNoFileEveryDefaultApplies() {
        MicroscalerConfig c = ConfigLoader.load(null, Map.of());

        assertThat(c.http()).isEqualTo(new HttpConfig("127.0.0.1", 8080, "default",
                new StreamLimits(64, Duration.ofMinutes(5), 65536, Duration.ofSeconds(10))));
        assertThat(c.kafka().hasBootstrapServers()).isFalse();
        assertThat(c.kafka().groupId()).isEqualTo("microscaler");
        assertThat(c.kafka().topics()).isEqualTo(new KafkaConfig.Topics("microscaler.requests", "microscaler.demand",
                "microscaler.cluster", "microscaler.decisions", "microscaler.dead-letter",
                "microscaler.wishes", "microscaler.grants", "microscaler.admin",
                "microscaler.forecast-history"));
        assertThat(c.kafka().partitions()).isEqualTo(6);
        assertThat(c.kafka().createTopics()).isTrue();
        assertThat(c.kafka().properties()).isEmpty();
        assertThat(c.ingest()).isEqualTo(new IngestConfig(0, Duration.ofSeconds(5), 65536, 256,
                UnknownServices.DEAD_LETTER));
        assertThat(c.windows()).isEqualTo(WindowSettings.DEFAULTS);
        assertThat(c.tick()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.actuator()).isEqualTo(new ActuatorConfig(Target.DRY_RUN, Duration.ofSeconds(15)));
        assertThat(c.services()).isEmpty();
        assertThat(ConfigLoader.defaults()).isEqualTo(c);
    }

    @Test
    void anEmptyFileOrOneWithEmptySectionsMeansAllDefaults() throws IOException {
        assertThat(ConfigLoader.load(yaml(""), Map.of())).isEqualTo(ConfigLoader.defaults());
        assertThat(ConfigLoader.load(yaml("# nothing yet\n"), Map.of())).isEqualTo(ConfigLoader.defaults());
        assertThat(ConfigLoader.load(yaml("http:\nkafka:\n  properties:\nservices:\n"), Map.of()))
                .isEqualTo(ConfigLoader.defaults());
    }

    @Test
    void readsValuesFromTheFile() throws IOException {
        Path file = yaml("""
                http: {host: 0.0.0.0, port: 9090}
                kafka:
                  bootstrapServers: broker-1:9092,broker-2:9092
                  topics: {requests: lb.requests}
                  properties:
                    security.protocol: SSL
                    ssl:
                      truststore.location: /etc/kafka/truststore.jks
                ingest: {unknownServices: ignore, maxRecordBytes: 1024}
                windows: {stableSpan: 2m, panicSpan: 10s}
                tick: 500ms
                serviceDefaults: {maxTasks: 10, scaleDownStabilisation: 0s}
                services:
                  iiif: {metric: concurrency, target: 8, minTasks: 2, maxTasks: 40}
                  ocr-worker:
                """);

        MicroscalerConfig c = ConfigLoader.load(file, Map.of());

        assertThat(c.http().host()).isEqualTo("0.0.0.0");
        assertThat(c.http().port()).isEqualTo(9090);
        assertThat(c.http().portOrigin()).isEqualTo("file " + file);
        assertThat(c.kafka().bootstrapServers()).isEqualTo("broker-1:9092,broker-2:9092");
        assertThat(c.kafka().topics().requests()).isEqualTo("lb.requests");
        assertThat(c.kafka().topics().demand()).isEqualTo("microscaler.demand");
        assertThat(c.kafka().properties()).containsOnly(
                Map.entry("security.protocol", "SSL"),
                Map.entry("ssl.truststore.location", "/etc/kafka/truststore.jks"));
        assertThat(c.ingest().unknownServices()).isEqualTo(UnknownServices.IGNORE);
        assertThat(c.ingest().maxRecordBytes()).isEqualTo(1024);
        assertThat(c.windows()).isEqualTo(new WindowSettings(Duration.ofMinutes(2), Duration.ofSeconds(10),
                Duration.ofSeconds(15)));
        assertThat(c.tick()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.services()).containsOnlyKeys("iiif", "ocr-worker");
        // minTasks 2 lifts the inherited initialTasks 1 to 2.
        ServicePolicySettings iiif = c.services().get("iiif").policy();
        assertThat(c.services().get("iiif").initialTasks()).isEqualTo(2);
        assertThat(iiif.metric()).isEqualTo(TargetMetric.CONCURRENCY);
        assertThat(iiif.targetPerTask()).isEqualTo(8);
        assertThat(iiif.tolerance()).isEqualTo(0.1);
        assertThat(iiif.minTasks()).isEqualTo(2);
        assertThat(iiif.maxTasks()).isEqualTo(40);
        assertThat(iiif.scaleDown().stabilisation()).isEqualTo(Duration.ZERO);
        ServicePolicySettings ocr = c.services().get("ocr-worker").policy();
        assertThat(c.services().get("ocr-worker").initialTasks()).isEqualTo(1);
        assertThat(ocr.metric()).isEqualTo(TargetMetric.RPS);
        assertThat(ocr.maxTasks()).isEqualTo(10);
    }

    @Test
    void theEnvironmentOverridesTheFile() throws IOException {
        Path file = yaml("""
                http: {port: 9090}
                services:
                  ocr-worker: {maxTasks: 40}
                """);
        Map<String, String> env = Map.of(
                "MICROSCALER_HTTP_PORT", "9191",
                "MICROSCALER_WINDOWS_PANIC_SPAN", "3s",
                "MICROSCALER_SERVICES_OCR_WORKER_MAX_TASKS", "12",
                "MICROSCALER_SERVICE_DEFAULTS_TARGET", "50",
                "PATH", "/usr/bin",
                "MICROSCALER_CONFIG", "/etc/microscaler.yaml"); // for the launcher, not a key: ignored

        MicroscalerConfig c = ConfigLoader.load(file, env);

        assertThat(c.http().port()).isEqualTo(9191);
        assertThat(c.windows().panicSpan()).isEqualTo(Duration.ofSeconds(3));
        assertThat(c.services().get("ocr-worker").policy().maxTasks()).isEqualTo(12);
        assertThat(c.services().get("ocr-worker").policy().targetPerTask()).isEqualTo(50);
    }

    @Test
    void theEnvironmentAloneCanDeclareServicesAndKafkaProperties() {
        Map<String, String> env = Map.of(
                "MICROSCALER_SERVICES", "api, ocr-worker,",
                "MICROSCALER_SERVICES_API_METRIC", "concurrency",
                "MICROSCALER_SERVICES_API_TARGET", "4",
                "MICROSCALER_KAFKA_PROPERTIES", "security.protocol,ssl.enabled.protocols",
                "MICROSCALER_KAFKA_PROPERTIES_SECURITY_PROTOCOL", "SSL",
                // a comma inside a value is fine: only the names are a list
                "MICROSCALER_KAFKA_PROPERTIES_SSL_ENABLED_PROTOCOLS", "TLSv1.2,TLSv1.3");

        MicroscalerConfig c = ConfigLoader.load(null, env);

        assertThat(c.services()).containsOnlyKeys("api", "ocr-worker");
        assertThat(c.services().get("api").policy().metric()).isEqualTo(TargetMetric.CONCURRENCY);
        assertThat(c.services().get("api").policy().targetPerTask()).isEqualTo(4);
        assertThat(c.services().get("ocr-worker").policy().targetPerTask()).isEqualTo(100);
        assertThat(c.kafka().properties()).containsOnly(
                Map.entry("security.protocol", "SSL"), Map.entry("ssl.enabled.protocols", "TLSv1.2,TLSv1.3"));
    }

    @Test
    void thePortRemembersWhichLayerSetIt() throws IOException {
        // A port found in use at start is reported with this, so the operator knows what to change.
        Path file = yaml("http: {port: 9090}\n");
        Map<String, String> env = Map.of("MICROSCALER_HTTP_PORT", "9191");
        Map<String, String> flag = Map.of("http.port", "9292");
        Map<String, String> origins = Map.of("http.port", "command-line option --http-port");

        assertThat(ConfigLoader.load(null, Map.of()).http().portOrigin()).isEqualTo("default");
        assertThat(ConfigLoader.load(file, Map.of()).http().portOrigin()).isEqualTo("file " + file);
        assertThat(ConfigLoader.load(file, env).http().portOrigin()).isEqualTo("environment variable MICROSCALER_HTTP_PORT");
        assertThat(ConfigLoader.load(file, env, flag).http().portOrigin()).isEqualTo("explicit override");
        assertThat(ConfigLoader.load(file, env, flag, origins).http().portOrigin())
                .isEqualTo("command-line option --http-port");
        assertThatThrownBy(() -> ConfigLoader.load(file, env, Map.of("http.port", "x"), origins))
                .hasMessageEndingWith("(from command-line option --http-port)");
    }

    @Test
    void aServiceInTheFileMayAlsoBeListedInTheEnvironment() throws IOException {
        // Not a repeat (those are refused, see ConfigErrorsTest): the list declares, the file tunes.
        Path file = yaml("services: {api: {maxTasks: 7}}\n");

        MicroscalerConfig c = ConfigLoader.load(file, Map.of("MICROSCALER_SERVICES", "api,ocr"));

        assertThat(c.services()).containsOnlyKeys("api", "ocr");
        assertThat(c.services().get("api").policy().maxTasks()).isEqualTo(7);
    }

    @Test
    void perServiceVariablesOfAnUndeclaredServiceDoNotApply() {
        MicroscalerConfig c = ConfigLoader.load(null, Map.of("MICROSCALER_SERVICES_API_MAX_TASKS", "5"));

        assertThat(c.services()).isEmpty();
    }

    @Test
    void anEnvironmentValueOverridesAKafkaPropertyFromTheFile() throws IOException {
        Path file = yaml("kafka: {properties: {sasl.jaas.config: placeholder}}\n");

        MicroscalerConfig c = ConfigLoader.load(file,
                Map.of("MICROSCALER_KAFKA_PROPERTIES_SASL_JAAS_CONFIG", "real-secret"));

        assertThat(c.kafka().properties()).containsEntry("sasl.jaas.config", "real-secret");
    }

    @Test
    void anExplicitOverrideWinsOverEverything() throws IOException {
        Path file = yaml("http: {port: 9090}\nservices: {api: {maxTasks: 30}}\n");
        Map<String, String> env = Map.of("MICROSCALER_HTTP_PORT", "9191", "MICROSCALER_SERVICES_API_MAX_TASKS", "31");

        MicroscalerConfig c = ConfigLoader.load(file, env,
                Map.of("http.port", "0", "services.api.maxTasks", "32", "services", "extra"));

        assertThat(c.http().port()).isZero();
        assertThat(c.services().get("api").policy().maxTasks()).isEqualTo(32);
        assertThat(c.services()).containsOnlyKeys("api", "extra");
    }

    @Test
    void serviceIdsMayContainDotsWithoutConfusingKeys() throws IOException {
        Path file = yaml("services: {img.v2: {maxTasks: 7}}\n");

        MicroscalerConfig c = ConfigLoader.load(file, Map.of("MICROSCALER_SERVICES_IMG_V2_MIN_TASKS", "3"),
                Map.of("services.img.v2.target", "9"));

        ServicePolicySettings t = c.services().get("img.v2").policy();
        assertThat(t.maxTasks()).isEqualTo(7);
        assertThat(t.minTasks()).isEqualTo(3);
        assertThat(t.targetPerTask()).isEqualTo(9);
    }

    @Test
    void readsEveryPolicyKeyOfAService() throws IOException {
        Path file = yaml("""
                windows: {stableSpan: 30s}
                serviceDefaults: {errorGuard: none, scaleDownLimits: 50% per 60s}
                services:
                  api:
                    latencyTarget: 250ms
                    errorGuard: 0.05
                    panic: false
                    panicThreshold: 3
                    scaleUpStabilisation: 30s
                    scaleUpLimits: 4 tasks per 15s, 100% per 15s
                    scaleUpSelect: min
                    scaleUpCooldown: 10s
                    scaleDownStabilisation: 2m
                    scaleDownSelect: disabled
                    scaleDownCooldown: 1m
                    stepMetric: error-ratio
                    stepThreshold: 0.02
                    steps: 0..0.05 +1, 0.05.. +50%
                    demand: desired-tasks
                  worker: {}
                """);

        MicroscalerConfig c = ConfigLoader.load(file, Map.of("MICROSCALER_SERVICES_WORKER_DEMAND", "queue-depth",
                "MICROSCALER_SERVICES_WORKER_THROUGHPUT_PER_TASK", "2.5", "MICROSCALER_SERVICES_WORKER_DRAIN_TIME", "30s"));

        ServicePolicySettings api = c.services().get("api").policy();
        assertThat(api.latencyTargetMs()).hasValue(250);
        assertThat(api.errorGuard()).hasValue(0.05);
        assertThat(api.panic()).isEqualTo(new PanicSettings(false, 3, Duration.ofSeconds(30)));
        assertThat(api.scaleUp()).isEqualTo(new ScalingRules(Duration.ofSeconds(30), List.of(
                new RateLimit(ChangeType.COUNT, 4, Duration.ofSeconds(15)),
                new RateLimit(ChangeType.PERCENT, 100, Duration.ofSeconds(15))), SelectPolicy.MIN, Duration.ofSeconds(10)));
        assertThat(api.scaleDown()).isEqualTo(new ScalingRules(Duration.ofMinutes(2), List.of(
                new RateLimit(ChangeType.PERCENT, 50, Duration.ofSeconds(60))), SelectPolicy.DISABLED, Duration.ofMinutes(1)));
        assertThat(api.step()).hasValue(new StepSettings(StepMetric.ERROR_RATIO, 0.02, List.of(
                new Step(0, 0.05, ChangeType.COUNT, 1), new Step(0.05, Double.POSITIVE_INFINITY, ChangeType.PERCENT, 50))));
        assertThat(api.demand()).hasValue(new DemandSettings(DemandKind.DESIRED_TASKS, 1, Duration.ofSeconds(60)));

        ServicePolicySettings worker = c.services().get("worker").policy();
        assertThat(worker.errorGuard()).isEmpty();
        assertThat(worker.latencyTargetMs()).isEmpty();
        assertThat(worker.panic()).isEqualTo(new PanicSettings(true, 2, Duration.ofSeconds(30)));
        assertThat(worker.scaleUp()).isEqualTo(ScalingRules.NONE);
        assertThat(worker.step()).isEmpty();
        assertThat(worker.demand()).hasValue(new DemandSettings(DemandKind.QUEUE_DEPTH, 2.5, Duration.ofSeconds(30)));
    }
}
