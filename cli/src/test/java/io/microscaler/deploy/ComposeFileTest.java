package io.microscaler.deploy;

import static io.microscaler.deploy.TemplateReferences.asMap;
import static org.assertj.core.api.Assertions.assertThat;

import io.microscaler.demo.DemoOptions;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * deploy/compose/docker-compose.yml parses, everything it mounts or builds from exists in the
 * repository, and its services find each other: microscaler (demo mode, built from deploy/Dockerfile)
 * on the KRaft broker, Prometheus scraping microscaler's port, Grafana reading the dashboards where
 * its provisioning says they are.
 */
class ComposeFileTest {

    private static final Path COMPOSE_DIR = DeployFiles.COMPOSE.getParent();

    private final Map<String, Object> compose = new Yaml().load(DeployFiles.read(DeployFiles.COMPOSE));
    private final Map<String, Object> services = asMap(compose.get("services"));

    @Test
    void everyMountedFileOrFolderExistsInTheRepository() {
        assertThat(services).containsKeys("kafka", "microscaler", "prometheus", "grafana");
        List<String> mounts = new ArrayList<>();
        services.forEach((name, service) -> bindMounts(asMap(service)).forEach((source, target) -> mounts.add(source)));
        assertThat(mounts).isNotEmpty().allSatisfy(source -> assertThat(COMPOSE_DIR.resolve(source).normalize())
                .as("mounted %s (relative to deploy/compose)", source).exists());
        assertThat(mounts).as("mounts stay inside the repository")
                .allMatch(source -> COMPOSE_DIR.resolve(source).normalize().startsWith(DeployFiles.ROOT));
    }

    @Test
    void microscalerIsBuiltFromTheDockerfileAndRunsTheDemoOnTheComposeBroker() {
        Map<String, Object> microscaler = asMap(services.get("microscaler"));
        Map<String, Object> build = asMap(microscaler.get("build"));
        Path context = COMPOSE_DIR.resolve(String.valueOf(build.get("context"))).normalize();
        assertThat(context).isEqualTo(DeployFiles.ROOT);
        assertThat(context.resolve(String.valueOf(build.get("dockerfile"))).normalize()).isEqualTo(DeployFiles.DOCKERFILE);
        // The demo target: the default one is the production service, which has no demo
        assertThat(build.get("target")).isEqualTo("demo");
        assertThat(Dockerfile.parse(DeployFiles.read(DeployFiles.DOCKERFILE)).stageNamed("demo")).isPositive();

        assertThat(published(microscaler)).containsEntry(demoOptions().httpPort(), "127.0.0.1");

        Map<String, String> env = environment(microscaler);
        assertThat(ConfigVariables.unknown(env)).isEmpty();
        assertThat(env.get("MICROSCALER_KAFKA_BOOTSTRAP_SERVERS")).isEqualTo(advertisedKafka());
        assertThat(asMap(asMap(microscaler.get("depends_on")).get("kafka")).get("condition")).isEqualTo("service_healthy");
    }

    @Test
    void kafkaIsASingleKraftNodeOfTheProjectsKafkaVersion() {
        Map<String, Object> kafka = asMap(services.get("kafka"));
        Matcher version = Pattern.compile("<kafka.version>([^<]+)</kafka.version>").matcher(DeployFiles.read(DeployFiles.POM));
        assertThat(version.find()).isTrue();
        assertThat(kafka.get("image")).isEqualTo("apache/kafka:" + version.group(1));
        Map<String, String> env = environment(kafka);
        assertThat(env.get("KAFKA_PROCESS_ROLES")).isEqualTo("broker,controller");
        assertThat(env.get("KAFKA_CONTROLLER_QUORUM_VOTERS")).isEqualTo(env.get("KAFKA_NODE_ID") + "@kafka:9093");
        assertThat(env).doesNotContainKey("KAFKA_ZOOKEEPER_CONNECT");
        assertThat(env.get("KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR")).isEqualTo("1");
    }

    @Test
    void prometheusScrapesMicroscalersMetricsPort() {
        Map<String, Object> prometheus = asMap(services.get("prometheus"));
        Map<String, String> mounts = bindMounts(prometheus);
        String configFile = strings(prometheus.get("command")).stream().filter(a -> a.startsWith("--config.file="))
                .map(a -> a.substring("--config.file=".length())).findFirst().orElseThrow();
        String source = mounts.entrySet().stream().filter(m -> m.getValue().equals(configFile)).map(Map.Entry::getKey)
                .findFirst().orElseThrow(() -> new AssertionError("nothing mounted at " + configFile));

        Map<String, Object> config = new Yaml().load(DeployFiles.read(COMPOSE_DIR.resolve(source)));
        List<String> targets = new ArrayList<>();
        for (Object job : (List<?>) config.get("scrape_configs")) {
            assertThat(asMap(job).getOrDefault("metrics_path", "/metrics")).isEqualTo("/metrics");
            for (Object group : (List<?>) asMap(job).get("static_configs")) {
                targets.addAll(strings(asMap(group).get("targets")));
            }
        }
        assertThat(targets).containsExactly("microscaler:" + demoOptions().httpPort());
    }

    @Test
    void grafanaReadsItsDashboardsWhereItsProvisioningLooksAndItsDataSourceIsPrometheus() throws IOException {
        Map<String, String> mounts = bindMounts(asMap(services.get("grafana")));
        Path provisioning = source(mounts, "/etc/grafana/provisioning");
        List<Object> paths = new ArrayList<>();
        for (Path file : yamlFiles(provisioning.resolve("dashboards"))) {
            Map<String, Object> providers = new Yaml().load(Files.readString(file));
            for (Object provider : (List<?>) providers.get("providers")) {
                paths.add(asMap(asMap(provider).get("options")).get("path"));
            }
        }
        assertThat(paths).as("dashboard provider paths").isNotEmpty().allSatisfy(path -> {
            Path dashboards = source(mounts, String.valueOf(path));
            assertThat(dashboards).isEqualTo(DeployFiles.ROOT.resolve("grafana/dashboards"));
        });
        List<String> urls = new ArrayList<>();
        for (Path file : yamlFiles(provisioning.resolve("datasources"))) {
            Map<String, Object> sources = new Yaml().load(Files.readString(file));
            for (Object source : (List<?>) sources.get("datasources")) {
                urls.add(String.valueOf(asMap(source).get("url")));
            }
        }
        assertThat(urls).as("data source URLs").isNotEmpty().contains("http://prometheus:9090");
    }

    /** microscaler's command is the demo's, with options the demo accepts. */
    private DemoOptions demoOptions() {
        List<String> command = strings(asMap(services.get("microscaler")).get("command"));
        assertThat(command).first().isEqualTo("demo");
        return DemoOptions.parse(command.subList(1, command.size()));
    }

    /** The repository folder or file mounted at {@code target} (or at a folder above it). */
    private static Path source(Map<String, String> mounts, String target) {
        for (Map.Entry<String, String> mount : mounts.entrySet()) {
            if (target.equals(mount.getValue()) || target.startsWith(mount.getValue() + "/")) {
                String rest = target.substring(mount.getValue().length());
                return COMPOSE_DIR.resolve(mount.getKey() + rest).normalize();
            }
        }
        throw new AssertionError("nothing is mounted at " + target + "; mounts: " + mounts);
    }

    private static List<Path> yamlFiles(Path folder) throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder, "*.{yml,yaml}")) {
            stream.forEach(files::add);
        }
        return files;
    }

    /** Source (as written, relative to deploy/compose) → container path, for the service's bind mounts. */
    private static Map<String, String> bindMounts(Map<String, Object> service) {
        Map<String, String> mounts = new LinkedHashMap<>();
        for (Object volume : service.get("volumes") == null ? List.of() : (List<?>) service.get("volumes")) {
            if (volume instanceof String shortForm) {
                String[] parts = shortForm.split(":");
                if (parts[0].startsWith(".") || parts[0].startsWith("/")) {
                    mounts.put(parts[0], parts[1]);
                }
            } else if ("bind".equals(asMap(volume).get("type"))) {
                mounts.put(String.valueOf(asMap(volume).get("source")), String.valueOf(asMap(volume).get("target")));
            }
        }
        return mounts;
    }

    /** Published container port → host address, from "host:hostPort:containerPort". */
    private static Map<Integer, String> published(Map<String, Object> service) {
        Map<Integer, String> ports = new LinkedHashMap<>();
        for (String port : strings(service.get("ports"))) {
            String[] parts = port.split(":");
            ports.put(Integer.parseInt(parts[parts.length - 1]), parts.length == 3 ? parts[0] : "0.0.0.0");
        }
        return ports;
    }

    private String advertisedKafka() {
        String listeners = environment(asMap(services.get("kafka"))).get("KAFKA_ADVERTISED_LISTENERS");
        return listeners.substring(listeners.indexOf("://") + 3);
    }

    private static Map<String, String> environment(Map<String, Object> service) {
        Map<String, String> env = new LinkedHashMap<>();
        asMap(service.get("environment")).forEach((k, v) -> env.put(k, String.valueOf(v)));
        return env;
    }

    private static List<String> strings(Object value) {
        if (value == null) {
            return List.of();
        }
        return ((List<?>) value).stream().map(String::valueOf).toList();
    }
}
