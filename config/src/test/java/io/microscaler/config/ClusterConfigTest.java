package io.microscaler.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.microscaler.cluster.InstanceSize;
import io.microscaler.cluster.TaskSize;
import io.microscaler.config.ServicePlacement.Mode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The keys of issue 7: a service's placement ({@code services.<id>.mode, priority, …}) and {@code cluster.*}. */
class ClusterConfigTest {

    private static final String FILE = "file ";
    private static final String ENABLED = "cluster: {enabled: true, autoScalingGroup: asg}\n";

    @TempDir
    Path dir;

    private Path yaml(String text) throws IOException {
        Path file = dir.resolve("microscaler.yaml");
        Files.writeString(file, text);
        return file;
    }

    @Test
    void defaultsAreServiceModeNormalPriorityAndNoCluster() {
        MicroscalerConfig c = ConfigLoader.load(null, Map.of("MICROSCALER_SERVICES", "api"));

        assertThat(c.services().get("api").placement()).isEqualTo(ServicePlacement.defaults("api"));
        assertThat(c.services().get("api").placement()).isEqualTo(
                new ServicePlacement(Mode.SERVICE, 50, 256, 512, "api", "api", "api", 8080, false));
        ClusterConfig cluster = c.cluster();
        assertThat(cluster.enabled()).isFalse();
        assertThat(cluster.instance()).isEqualTo(new InstanceSize(4096, 7680));
        assertThat(cluster.largestTask()).isEqualTo(new TaskSize(256, 512));
        assertThat(cluster.tasksPerInstance()).isEqualTo(15); // 7680 / 512
        assertThat(cluster.headroomLow()).isEqualTo(1);
        assertThat(cluster.headroomHigh()).as("auto: one more than an instance holds").isEqualTo(16);
        assertThat(cluster.scaleInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(cluster.cooldown()).isEqualTo(Duration.ofSeconds(60));
        assertThat(cluster.fargateSubnets()).isEmpty();
    }

    @Test
    void theYamlFormSetsEveryKey() throws IOException {
        MicroscalerConfig c = ConfigLoader.load(yaml("""
                cluster:
                  enabled: true
                  autoScalingGroup: microscaler-cluster
                  instanceCpu: 8192
                  instanceMemory: 15360
                  headroomLow: 2
                  headroomHigh: 9
                  scaleInterval: 2s
                  cooldown: 30s
                  fargateSubnets: subnet-0a1b2c3d, subnet-4e5f6a7b
                  fargateSecurityGroups: sg-0123abcd
                serviceDefaults: {priority: low}
                services:
                  iiif: {mode: tasks, priority: high, cpu: 1024, memory: 2048, taskDefinition: 'iiif-server:7',
                         targetGroup: iiif-tg, containerName: server, containerPort: 8182, fargate: true}
                  worker: {mode: tasks, priority: 5, cpu: 2048, memory: 1024}
                  api: {}
                """), Map.of());

        assertThat(c.services().get("iiif").placement()).isEqualTo(new ServicePlacement(Mode.TASKS, 100, 1024, 2048,
                "iiif-server:7", "iiif-tg", "server", 8182, true));
        assertThat(c.services().get("worker").placement().priority()).isEqualTo(5);
        assertThat(c.services().get("api").placement().priority()).as("from serviceDefaults").isEqualTo(10);
        ClusterConfig cluster = c.cluster();
        assertThat(cluster).isEqualTo(new ClusterConfig(true, "microscaler-cluster", new InstanceSize(8192, 15360),
                new TaskSize(2048, 2048), 2, 9, Duration.ofSeconds(2), Duration.ofSeconds(30),
                List.of("subnet-0a1b2c3d", "subnet-4e5f6a7b"), List.of("sg-0123abcd")));
        assertThat(cluster.tasksPerInstance()).isEqualTo(4); // min(8192 / 2048, 15360 / 2048)
        assertThat(cluster.headroom().high()).isEqualTo(9);
    }

    @Test
    void theEnvironmentFormSetsThemToo() {
        MicroscalerConfig c = ConfigLoader.load(null, Map.of(
                "MICROSCALER_SERVICES", "worker",
                "MICROSCALER_SERVICES_WORKER_MODE", "tasks",
                "MICROSCALER_SERVICES_WORKER_PRIORITY", "background",
                "MICROSCALER_SERVICES_WORKER_CPU", "1024",
                "MICROSCALER_SERVICES_WORKER_MEMORY", "1024",
                "MICROSCALER_SERVICES_WORKER_FARGATE", "true",
                "MICROSCALER_CLUSTER_ENABLED", "true",
                "MICROSCALER_CLUSTER_AUTO_SCALING_GROUP", "asg",
                "MICROSCALER_CLUSTER_HEADROOM_HIGH", "7",
                "MICROSCALER_CLUSTER_FARGATE_SUBNETS", "subnet-1"));

        assertThat(c.services().get("worker").placement()).isEqualTo(new ServicePlacement(Mode.TASKS, 0, 1024, 1024,
                "worker", "worker", "worker", 8080, true));
        assertThat(c.cluster().enabled()).isTrue();
        assertThat(c.cluster().headroomHigh()).isEqualTo(7);
        assertThat(c.cluster().fargateSubnets()).containsExactly("subnet-1");
    }

    @Test
    void anInvalidDefaultNameIsFineUntilTaskModeUsesIt() {
        MicroscalerConfig c = ConfigLoader.load(null, Map.of("MICROSCALER_SERVICES", "img.v2"));
        assertThat(c.services().get("img.v2").placement().taskDefinition()).isEqualTo("img.v2");
    }

    static Stream<Arguments> badInputs() {
        return Stream.of(
                // yaml, env, key, value, expected, origin
                row("services: {api: {mode: pods}}", Map.of(), "services.api.mode", "pods", "one of: service, tasks", FILE),
                row("services: {api: {priority: urgent}}", Map.of(), "services.api.priority", "urgent",
                        "one of critical (1000), high (100), normal (50), low (10), background (0), or a whole number"
                                + " from 0 to 1000000 (higher wins a full cluster)", FILE),
                row("serviceDefaults: {priority: -1}", Map.of(), "serviceDefaults.priority", "-1",
                        "or a whole number from 0 to 1000000", FILE),
                row("services: {api: {cpu: 0}}", Map.of(), "services.api.cpu", "0",
                        "a whole number from 1 to 1000000 (CPU units, 1024 = 1 vCPU)", FILE),
                row(null, Map.of("MICROSCALER_SERVICES", "api", "MICROSCALER_SERVICES_API_MEMORY", "lots"),
                        "services.api.memory", "lots", "a whole number >= 1 (MiB)",
                        "environment variable MICROSCALER_SERVICES_API_MEMORY"),
                row("services: {api: {taskDefinition: 'my family'}}", Map.of(), "services.api.taskDefinition", "my family",
                        "a task definition family, family:revision or ARN", FILE),
                row("services: {img.v2: {mode: tasks}}", Map.of(), "services.img.v2.taskDefinition", "",
                        "empty means the service id, 'img.v2', which is not one", "serviceDefaults.taskDefinition, default"),
                row("services: {api: {targetGroup: -api}}", Map.of(), "services.api.targetGroup", "-api",
                        "a target group name (1 to 32 letters, digits or '-', not starting or ending with '-') or ARN", FILE),
                row("services: {api: {containerName: 'web server'}}", Map.of(), "services.api.containerName", "web server",
                        "a container name (1 to 255 letters, digits, '-' or '_')", FILE),
                row("services: {api: {containerPort: 70000}}", Map.of(), "services.api.containerPort", "70000",
                        "a whole number from 1 to 65535", FILE),
                row("services: {api: {fargate: maybe}}", Map.of(), "services.api.fargate", "maybe", "true or false", FILE),
                row(null, Map.of("MICROSCALER_CLUSTER_ENABLED", "on"), "cluster.enabled", "on", "true or false",
                        "environment variable MICROSCALER_CLUSTER_ENABLED"),
                row("cluster: {enabled: true}", Map.of(), "cluster.autoScalingGroup", "",
                        "the name or ARN of the cluster's Auto Scaling group (required with cluster.enabled: true)", "default"),
                row("cluster: {instanceCpu: 0}", Map.of(), "cluster.instanceCpu", "0", "a whole number >= 1", FILE),
                row(ENABLED + "services: {big: {cpu: 8192}}", Map.of(), "cluster.instanceCpu", "4096",
                        "at least 8192 CPU units: one instance must hold the largest task, 8192 CPU / 512 MiB (service \"big\")",
                        "default"),
                row(ENABLED + "services: {a: {cpu: 1024, memory: 512}, b: {cpu: 256, memory: 9000}}", Map.of(),
                        "cluster.instanceMemory", "7680", "at least 9000 MiB: one instance must hold the largest task,"
                                + " 1024 CPU / 9000 MiB (CPU of service \"a\", memory of service \"b\")", "default"),
                row("cluster: {headroomLow: -1}", Map.of(), "cluster.headroomLow", "-1", "a whole number >= 0", FILE),
                row(ENABLED.replace("}", ", headroomHigh: 2}") + "services: {worker: {cpu: 1024, memory: 1024}}", Map.of(),
                        "cluster.headroomHigh", "2", "a whole number > 4: one instance of 4096 CPU / 7680 MiB holds 4 of the"
                                + " largest task, 1024 CPU / 1024 MiB (service \"worker\"); a high threshold at or below that"
                                + " makes the cluster flap (or auto: 5)", FILE),
                row(ENABLED + "services: {worker: {cpu: 1024, memory: 1024}}",
                        Map.of("MICROSCALER_CLUSTER_HEADROOM_HIGH", "4"), "cluster.headroomHigh", "4",
                        "a whole number > 4: one instance", "environment variable MICROSCALER_CLUSTER_HEADROOM_HIGH"),
                row("cluster: {headroomHigh: lots}", Map.of(), "cluster.headroomHigh", "lots", "a whole number >= 1 or auto", FILE),
                row(ENABLED.replace("}", ", headroomLow: 5}") + "services: {worker: {cpu: 1024, memory: 1024}}", Map.of(),
                        "cluster.headroomLow", "5", "a whole number < cluster.headroomHigh (auto: 5)", FILE),
                row(ENABLED.replace("}", ", headroomLow: 6, headroomHigh: 6}") + "services: {w: {cpu: 1024, memory: 1024}}",
                        Map.of(), "cluster.headroomHigh", "6", "a whole number > cluster.headroomLow (6)", FILE),
                row("cluster: {scaleInterval: 10ms}", Map.of(), "cluster.scaleInterval", "10ms", "at least 100ms", FILE),
                row("cluster: {cooldown: soon}", Map.of(), "cluster.cooldown", "soon", "a duration with a unit", FILE),
                row("cluster: {fargateSubnets: 'subnet-1, vpc-2'}", Map.of(), "cluster.fargateSubnets", "subnet-1, vpc-2",
                        "subnet ids separated by commas, e.g. subnet-0a1b2c3d,subnet-4e5f6a7b", FILE),
                row(ENABLED + "services: {iiif: {fargate: true}}", Map.of(), "cluster.fargateSubnets", "",
                        "at least one subnet id (e.g. subnet-0a1b2c3d): Fargate tasks run in awsvpc mode, and"
                                + " services.iiif.fargate is true", "default"),
                row("services: {tiles: {mode: tasks, fargate: true}}", Map.of(), "cluster.fargateSubnets", "",
                        "at least one subnet id (e.g. subnet-0a1b2c3d): Fargate tasks run in awsvpc mode, and"
                                + " services.tiles.fargate is true", "default"),
                row("cluster: {fargateSecurityGroups: default}", Map.of(), "cluster.fargateSecurityGroups", "default",
                        "security group ids separated by commas", FILE),
                row("cluster: {enable: true}", Map.of(), "cluster.enable", "true", "one of the keys under 'cluster': enabled,"
                        + " autoScalingGroup, instanceCpu, instanceMemory, headroomLow, headroomHigh, scaleInterval, cooldown,"
                        + " fargateSubnets, fargateSecurityGroups (did you mean 'enabled'?)", FILE));
    }

    private static Arguments row(String yaml, Map<String, String> env, String key, String value, String expected, String origin) {
        return Arguments.of(yaml, env, key, value, expected, origin);
    }

    @ParameterizedTest(name = "{2} = ''{3}''")
    @MethodSource("badInputs")
    void refusesWithKeyValueAndExpectation(String yaml, Map<String, String> env, String key, String value, String expected,
                                           String origin) throws IOException {
        Path file = yaml == null ? null : yaml(yaml);

        ConfigException e = catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(file, env));

        assertThat(e).as("no ConfigException").isNotNull();
        assertThat(e.key()).isEqualTo(key);
        assertThat(e.value()).isEqualTo(value);
        assertThat(e.expected()).contains(expected);
        assertThat(e.getMessage()).startsWith("config key '" + key + "' = '" + value + "': expected ")
                .contains("(from " + origin);
    }
}
