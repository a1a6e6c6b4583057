package io.microscaler.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.microscaler.policy.TargetMetric;
import io.microscaler.policy.ServicePolicySettings;
import io.microscaler.window.WindowSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every refusal names the key, the value as given, what was expected and where the value came from. */
class ConfigErrorsTest {

    private static final String FILE = "file ";

    @TempDir
    Path dir;

    static Stream<Arguments> badInputs() {
        return Stream.of(
                // yaml, env, overrides, key, value, expected, origin
                row("http: {port: eighty}", Map.of(), Map.of(),
                        "http.port", "eighty", "a whole number from 0 to 65535 (0 picks a free port)", FILE),
                row(null, Map.of("MICROSCALER_HTTP_PORT", "70000"), Map.of(),
                        "http.port", "70000", "a whole number from 0 to 65535", "environment variable MICROSCALER_HTTP_PORT"),
                row("services: {iiif: {maxTasks: 40}}", Map.of("MICROSCALER_SERVICES_IIIF_MAX_TASKS", "-3"), Map.of(),
                        "services.iiif.maxTasks", "-3", "a whole number >= 1",
                        "environment variable MICROSCALER_SERVICES_IIIF_MAX_TASKS"),
                row("services: {iiif: {minTasks: 50, maxTasks: 40}}", Map.of(), Map.of(),
                        "services.iiif.minTasks", "50", "a whole number <= services.iiif.maxTasks (40)", FILE),
                row("serviceDefaults: {minTasks: 5}\nservices: {api: {maxTasks: 3}}", Map.of(), Map.of(),
                        "services.api.maxTasks", "3", "a whole number >= services.api.minTasks (5)", FILE),
                row("services: {api: {initialTasks: 50}}", Map.of(), Map.of(), "services.api.initialTasks", "50",
                        "a whole number from services.api.minTasks (1) to services.api.maxTasks (20)", FILE),
                row("serviceDefaults: {maxTasks: 0}", Map.of(), Map.of(),
                        "serviceDefaults.maxTasks", "0", "a whole number >= 1", FILE),
                row("serviceDefaults: {target: 0}\nservices: {api: }", Map.of(), Map.of(),
                        "serviceDefaults.target", "0", "a number > 0", FILE),
                row("services: {api: {tolerance: 1}}", Map.of(), Map.of(),
                        "services.api.tolerance", "1", "a number >= 0 and < 1", FILE),
                row(null, Map.of("MICROSCALER_SERVICES", "api", "MICROSCALER_SERVICE_DEFAULTS_MAX_TASKS", "x"), Map.of(),
                        "serviceDefaults.maxTasks", "x", "a whole number >= 1",
                        "environment variable MICROSCALER_SERVICE_DEFAULTS_MAX_TASKS"),
                row("windows: {staleAfter: soon}", Map.of(), Map.of(), "windows.staleAfter", "soon",
                        "a duration with a unit (ms, s, m or h) like 500ms, 15s, 5m or 1h", FILE),
                row("tick: 5", Map.of(), Map.of(), "tick", "5", "(add a unit, e.g. 5s)", FILE),
                row("tick: 50ms", Map.of(), Map.of(), "tick", "50ms", "at least 100ms", FILE),
                row("windows: {panicSpan: 1500ms}", Map.of(), Map.of(),
                        "windows.panicSpan", "1500ms", "a whole number of seconds", FILE),
                row("windows: {stableSpan: 10s, panicSpan: 20s}", Map.of(), Map.of(),
                        "windows.panicSpan", "20s", "a duration no longer than windows.stableSpan (10s)", FILE),
                row(null, Map.of("MICROSCALER_WINDOWS_STABLE_SPAN", "5s"), Map.of(),
                        "windows.panicSpan", "6s", "no longer than windows.stableSpan (5s)", "default"),
                row("services: {api: {metric: latency}}", Map.of(), Map.of(),
                        "services.api.metric", "latency", "one of: rps, concurrency", FILE),
                row("ingest: {unknownServices: drop}", Map.of(), Map.of(),
                        "ingest.unknownServices", "drop", "one of: dead-letter, ignore", FILE),
                row("actuator: {target: kubernetes}", Map.of(), Map.of(), "actuator.target", "kubernetes", "one of: dry-run, ecs", FILE),
                row(null, Map.of("MICROSCALER_KAFKA_CREATE_TOPICS", "yes"), Map.of(),
                        "kafka.createTopics", "yes", "true or false", "environment variable MICROSCALER_KAFKA_CREATE_TOPICS"),
                row("kafka: {partitions: 0}", Map.of(), Map.of(), "kafka.partitions", "0", "a whole number >= 1", FILE),
                row("kafka: {bootstrapServers: localhost}", Map.of(), Map.of(), "kafka.bootstrapServers", "localhost",
                        "host:port pairs separated by commas", FILE),
                row("kafka: {topics: {demand: microscaler.requests}}", Map.of(), Map.of(), "kafka.topics.demand",
                        "microscaler.requests", "a topic name different from kafka.topics.requests", FILE),
                row("kafka: {topics: {decisions: 'my topic'}}", Map.of(), Map.of(), "kafka.topics.decisions",
                        "my topic", "a Kafka topic name", FILE),
                row(null, Map.of("MICROSCALER_HTTP_HOST", " "), Map.of(), "http.host", " ",
                        "a host name or IP address", "environment variable MICROSCALER_HTTP_HOST"),
                row("services: {api: {maxTask: 5}}", Map.of(), Map.of(), "services.api.maxTask", "5",
                        "one of the keys under 'services.api': initialTasks, metric, target, tolerance, minTasks, maxTasks,"
                                + " latencyTarget, errorGuard, panic, panicThreshold, backlogDrain, scaleUpStabilisation, scaleUpLimits,"
                                + " scaleUpSelect, scaleUpCooldown, scaleDownStabilisation, scaleDownLimits,"
                                + " scaleDownSelect, scaleDownCooldown, stepMetric, stepThreshold, steps, demand,"
                                + " throughputPerTask, drainTime, predictive, predictiveHorizon, mode, priority, cpu, memory,"
                                + " taskDefinition, targetGroup,"
                                + " containerName, containerPort, fargate, takeOver, schedules (did you mean 'maxTasks'?)", FILE),
                // The policy keys: each names the key, the value and what was expected.
                row("services: {api: {latencyTarget: 250}}", Map.of(), Map.of(), "services.api.latencyTarget", "250",
                        "(add a unit, e.g. 250s)", FILE),
                row("services: {api: {errorGuard: 1.5}}", Map.of(), Map.of(), "services.api.errorGuard", "1.5",
                        "none, or an error ratio >= 0 and < 1", FILE),
                row("services: {api: {panic: maybe}}", Map.of(), Map.of(), "services.api.panic", "maybe",
                        "true or false", FILE),
                row("serviceDefaults: {panicThreshold: 1}", Map.of(), Map.of(), "serviceDefaults.panicThreshold", "1",
                        "a number > 1", FILE),
                row("services: {api: {scaleUpLimits: 4 per 15s}}", Map.of(), Map.of(), "services.api.scaleUpLimits",
                        "4 per 15s", "'<n> tasks per <duration>' or '<n>% per <duration>'", FILE),
                row("services: {api: {scaleDownLimits: '50% per 60'}}", Map.of(), Map.of(),
                        "services.api.scaleDownLimits", "60", "(add a unit, e.g. 60s)", FILE),
                row(null, Map.of("MICROSCALER_SERVICES", "api", "MICROSCALER_SERVICES_API_SCALE_UP_LIMITS", "0 tasks per 15s"),
                        Map.of(), "services.api.scaleUpLimits", "0 tasks per 15s", "(each at least 1)",
                        "environment variable MICROSCALER_SERVICES_API_SCALE_UP_LIMITS"),
                row("services: {api: {scaleUpSelect: most}}", Map.of(), Map.of(), "services.api.scaleUpSelect", "most",
                        "one of: max, min, disabled", FILE),
                row("services: {api: {scaleDownCooldown: soon}}", Map.of(), Map.of(), "services.api.scaleDownCooldown",
                        "soon", "a duration with a unit", FILE),
                row("services: {api: {stepMetric: cpu, steps: 0.. +1}}", Map.of(), Map.of(), "services.api.stepMetric",
                        "cpu", "none, or one of: rps, concurrency, p95, error-ratio, queue-depth", FILE),
                row("services: {api: {steps: 0.. +1}}", Map.of(), Map.of(), "services.api.stepMetric", "none",
                        "one of: rps, concurrency, p95, error-ratio, queue-depth (services.api.steps is set)",
                        "serviceDefaults.stepMetric, default"),
                row("services: {api: {stepMetric: p95}}", Map.of(), Map.of(), "services.api.steps", "none",
                        "steps separated by commas", "serviceDefaults.steps, default"),
                row("services: {api: {stepMetric: p95, steps: 0..100 plus one}}", Map.of(), Map.of(), "services.api.steps",
                        "0..100 plus one", "'<from>..<to> <change>'", FILE),
                row("services: {api: {stepMetric: p95, steps: 100..0 +1}}", Map.of(), Map.of(), "services.api.steps",
                        "100..0 +1", "(from below to, a non-zero change, whole tasks)", FILE),
                row("services: {api: {stepMetric: p95, steps: '0..100 +1, 50.. +2'}}", Map.of(), Map.of(),
                        "services.api.steps", "0..100 +1, 50.. +2", "steps must not overlap", FILE),
                row("services: {api: {stepMetric: p95, stepThreshold: high, steps: 0.. +1}}", Map.of(), Map.of(),
                        "services.api.stepThreshold", "high", "a number", FILE),
                row("services: {api: {demand: in-flight}}", Map.of(), Map.of(), "services.api.demand", "in-flight",
                        "one of: none, queue-depth, desired-tasks", FILE),
                row("services: {api: {demand: queue-depth, throughputPerTask: 0}}", Map.of(), Map.of(),
                        "services.api.throughputPerTask", "0", "a number > 0", FILE),
                row("services: {api: {demand: queue-depth, drainTime: 0s}}", Map.of(), Map.of(),
                        "services.api.drainTime", "0s", "at least 1ms", FILE),
                row("services: {api: {predictive: sometimes}}", Map.of(), Map.of(), "services.api.predictive", "sometimes",
                        "true or false", FILE),
                row("services: {api: {predictive: true, predictiveHorizon: 0s}}", Map.of(), Map.of(),
                        "services.api.predictiveHorizon", "0s", "at least 1s", FILE),
                row("services: {iiif: {minTasks: 0}}", Map.of(), Map.of(), "services.iiif.minTasks", "0",
                        "a whole number >= 1 unless services.iiif.demand is set", FILE),
                row("services: {ocr: {minTasks: 0, demand: queue-depth, mode: tasks}}", Map.of(), Map.of(),
                        "services.ocr.minTasks", "0", "a whole number >= 1 where services.ocr.mode is tasks: its tasks are"
                                + " registered in target group 'ocr', and at zero tasks nothing would serve the first requests",
                        FILE),
                row("services: {iiif: {}}", Map.of("MICROSCALER_SERVICE_DEFAULTS_MIN_TASKS", "0"), Map.of(),
                        "serviceDefaults.minTasks", "0", "would never scale out again",
                        "environment variable MICROSCALER_SERVICE_DEFAULTS_MIN_TASKS"),
                row("http: {prot: 9090}", Map.of(), Map.of(), "http.prot", "9090",
                        "one of the keys under 'http': host, port, readiness, stream (did you mean 'port'?)", FILE),
                row("window: {stableSpan: 60s}", Map.of(), Map.of(), "window", "{…}",
                        "one of the top-level keys: http, kafka, admin, ingest, windows, tick, actuator, serviceDefaults, cluster,"
                                + " services"
                                + " (did you mean 'windows'?)", FILE),
                row("http: {port: 1}\nhttp.port: 2", Map.of(), Map.of(), "http.port", "2", "one of the top-level keys", FILE),
                row("http: 8080", Map.of(), Map.of(), "http", "8080", "a section with the keys host, port, readiness, stream", FILE),
                row("tick: [1s]", Map.of(), Map.of(), "tick", "[\"1s\"]", "a single value, not a list", FILE),
                row("services: [api, iiif]", Map.of(), Map.of(), "services", "[\"api\",\"iiif\"]",
                        "a section of service ids", FILE),
                row("services: {'bad id!': {}}", Map.of(), Map.of(), "services", "bad id!",
                        "a service id of 1 to 256 characters, each a letter, digit, '.', '_' or '-'", FILE),
                row(null, Map.of("MICROSCALER_SERVICES", "ok,no/slash"), Map.of(), "services", "no/slash",
                        "a service id of 1 to 256 characters", "environment variable MICROSCALER_SERVICES"),
                row("services: {ocr-worker: {}, ocr_worker: {}}", Map.of(), Map.of(), "services", "ocr_worker",
                        "does not map to the same environment variable name (MICROSCALER_SERVICES_OCR_WORKER)"
                                + " as service 'ocr-worker'", FILE),
                row("ingest: {maxNameLength: 3}\nservices: {abcd: }", Map.of(), Map.of(), "services", "abcd",
                        "at most ingest.maxNameLength (3) characters", FILE),
                row(null, Map.of("MICROSCALER_KAFKA_PROPERTIES", "security.protocol"), Map.of(),
                        "kafka.properties.security.protocol", "",
                        "a value, e.g. in MICROSCALER_KAFKA_PROPERTIES_SECURITY_PROTOCOL",
                        "environment variable MICROSCALER_KAFKA_PROPERTIES"),
                row("kafka: {properties: {bootstrap.servers: b:9092}}", Map.of(), Map.of(),
                        "kafka.properties.bootstrap.servers", "", "set kafka.bootstrapServers instead", FILE),
                // A list that names an entry twice is a slip to report, not to de-duplicate silently.
                row(null, Map.of("MICROSCALER_SERVICES", "a,a"), Map.of(), "services", "a,a",
                        "each service id once, but 'a' is listed more than once", "environment variable MICROSCALER_SERVICES"),
                row("services: {api: {}}", Map.of("MICROSCALER_SERVICES", "api, ocr , ocr,"), Map.of(), "services",
                        "api, ocr , ocr,", "each service id once, but 'ocr' is listed more than once",
                        "environment variable MICROSCALER_SERVICES"),
                row(null, Map.of(), Map.of("services", "x,y,x"), "services", "x,y,x",
                        "each service id once, but 'x' is listed more than once", "explicit override"),
                row(null, Map.of("MICROSCALER_KAFKA_PROPERTIES", "security.protocol,security.protocol",
                                "MICROSCALER_KAFKA_PROPERTIES_SECURITY_PROTOCOL", "SSL"), Map.of(), "kafka.properties",
                        "security.protocol,security.protocol",
                        "each property name once, but 'security.protocol' is listed more than once",
                        "environment variable MICROSCALER_KAFKA_PROPERTIES"),
                row("kafka: {bootstrapServers: 'b1:9092, b2:9092, b1:9092'}", Map.of(), Map.of(), "kafka.bootstrapServers",
                        "b1:9092, b2:9092, b1:9092", "each broker once, but 'b1:9092' is listed more than once", FILE),
                row(null, Map.of("MICROSCALER_CLUSTER_FARGATE_SUBNETS", "subnet-1,subnet-1"), Map.of(),
                        "cluster.fargateSubnets", "subnet-1,subnet-1",
                        "each subnet id once, but 'subnet-1' is listed more than once",
                        "environment variable MICROSCALER_CLUSTER_FARGATE_SUBNETS"),
                row("cluster: {fargateSecurityGroups: 'sg-1,sg-2,sg-2'}", Map.of(), Map.of(), "cluster.fargateSecurityGroups",
                        "sg-1,sg-2,sg-2", "each security group id once, but 'sg-2' is listed more than once", FILE),
                row("services: {api: {scaleUpLimits: '4 tasks per 15s, 100% per 15s, 4 task per 15000ms'}}", Map.of(), Map.of(),
                        "services.api.scaleUpLimits", "4 tasks per 15s, 100% per 15s, 4 task per 15000ms",
                        "each rate limit once, but '4 task per 15000ms' repeats an earlier one", FILE),
                row(null, Map.of("MICROSCALER_HTTP_STREAM_MAX_CLIENTS", "0"), Map.of(), "http.stream.maxClients", "0",
                        "a whole number from 1 to 100000", "environment variable MICROSCALER_HTTP_STREAM_MAX_CLIENTS"),
                row("http: {stream: {maxAge: 500ms}}", Map.of(), Map.of(), "http.stream.maxAge", "500ms", "at least 1s", FILE),
                row("http: {stream: {writeBuffer: 100}}", Map.of(), Map.of(), "http.stream.writeBuffer", "100",
                        "a whole number >= 1024 (bytes)", FILE),
                row(null, Map.of(), Map.of("http.stream.slowClientTimeout", "soon"), "http.stream.slowClientTimeout", "soon",
                        "a duration with a unit", "explicit override"),
                row(null, Map.of(), Map.of("http.prot", "1"), "http.prot", "1", "a known key", "explicit override"),
                row(null, Map.of(), Map.of("services.api.maxTasks", "1"), "services.api.maxTasks", "1",
                        "needs the service or property declared first", "explicit override"));
    }

    private static Arguments row(String yaml, Map<String, String> env, Map<String, String> overrides,
                                 String key, String value, String expected, String origin) {
        return Arguments.of(yaml, env, overrides, key, value, expected, origin);
    }

    @ParameterizedTest(name = "{3} = ''{4}''")
    @MethodSource("badInputs")
    void refusesWithKeyValueAndExpectation(String yaml, Map<String, String> env, Map<String, String> overrides,
                                           String key, String value, String expected, String origin)
            throws IOException {
        Path file = null;
        if (yaml != null) {
            file = dir.resolve("microscaler.yaml");
            Files.writeString(file, yaml);
        }
        Path given = file;

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(given, env, overrides));

        assertThat(e).as("no ConfigException").isNotNull();
        assertThat(e.key()).isEqualTo(key);
        assertThat(e.value()).isEqualTo(value);
        assertThat(e.expected()).contains(expected);
        assertThat(e.getMessage())
                .startsWith("config key '" + key + "' = '" + value + "': expected ")
                .contains(expected)
                .contains("(from " + origin);
        if (origin.equals(FILE)) {
            assertThat(e.origin()).isEqualTo(FILE + file);
        }
    }

    static Stream<Arguments> badFiles() {
        return Stream.of(
                Arguments.of(null, "an existing, readable YAML file", "there is no such file"),
                Arguments.of("http: {port: 8080", "valid YAML",
                        "line 1, column 18: while parsing a flow mapping; expected ',' or '}', but got <stream end>"),
                Arguments.of("a: b: c", "valid YAML", "line 1, column 5: mapping values are not allowed here"),
                Arguments.of("http:\n  port: 1\n port: 2\n", "valid YAML", "line 3"),
                Arguments.of("http: {port: 1, port: 2}", "valid YAML", "Duplicate field 'port'"),
                Arguments.of("- http\n- kafka\n", "a YAML mapping of keys (http:, kafka:, services: …) at the top level",
                        "it holds a list"));
    }

    @ParameterizedTest(name = "{1}: {2}")
    @MethodSource("badFiles")
    void refusesAnUnusableFileNamingIt(String yaml, String expected, String problem) throws IOException {
        Path file = dir.resolve("microscaler.yaml");
        if (yaml != null) {
            Files.writeString(file, yaml);
        }

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(file, Map.of()));

        assertThat(e).as("no ConfigException").isNotNull();
        assertThat(e.key()).isNull();
        assertThat(e.value()).isEqualTo(file.toString());
        assertThat(e.expected()).isEqualTo(expected);
        assertThat(e.getMessage())
                .startsWith("config file '" + file + "': expected " + expected + ", but ")
                .contains(problem);
    }

    @Test
    void aRecordsOwnCheckStillBecomesAConfigExceptionWithTheKey() {
        Map<String, Setting> windows = Map.of("stableSpan", new Setting("5s", "test"),
                "panicSpan", new Setting("10s", "test"), "staleAfter", new Setting("15s", "test"));
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.construct("windows", windows,
                () -> new WindowSettings(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(15))));
        assertThat(e.key()).isEqualTo("windows.panicSpan");
        assertThat(e.value()).isEqualTo("10s");
        assertThat(e.expected()).startsWith("panicSpan must be at most stableSpan");

        Map<String, Setting> service = Map.of("target", new Setting("-1", "test"));
        e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.construct("services.api", service,
                () -> ServicePolicySettings.targetTracking(TargetMetric.RPS, -1, 1, 2)));
        assertThat(e.key()).isEqualTo("services.api.target");
        assertThat(e.value()).isEqualTo("-1");
    }
}
