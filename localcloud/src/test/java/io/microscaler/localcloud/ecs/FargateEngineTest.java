package io.microscaler.localcloud.ecs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.microscaler.localcloud.AwsError;
import io.microscaler.localcloud.ContainerRuntime;
import io.microscaler.localcloud.TargetRegistry;
import io.microscaler.localcloud.TaskLaunch;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Fargate and awsvpc in the ECS engine, in plain Java with manual timers. */
class FargateEngineTest {

    private static final Duration EC2_START = Duration.ofSeconds(4);
    private static final Duration FARGATE_START = Duration.ofSeconds(10);
    private static final String TG = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/iiif/0123456789abcdef";
    private static final Awsvpc.Configuration SUBNET = new Awsvpc.Configuration(List.of("subnet-1"), List.of(), "DISABLED");

    private final ManualTimers timers = new ManualTimers();
    private final List<TaskLaunch> started = new ArrayList<>();
    private final List<String> targets = new ArrayList<>();

    private final ContainerRuntime runtime = new ContainerRuntime() {
        @Override
        public Future<Integer> start(TaskLaunch launch) {
            started.add(launch);
            return ContainerRuntime.NONE.start(launch);
        }

        @Override
        public Future<Void> stop(TaskLaunch launch) {
            return Future.succeededFuture();
        }
    };

    private final TargetRegistry registry = new TargetRegistry() {
        @Override
        public boolean exists(String targetGroupArn) {
            return targetGroupArn.equals(TG);
        }

        @Override
        public String targetType(String targetGroupArn) {
            return "ip";
        }

        @Override
        public void register(String targetGroupArn, String id, int port) {
            targets.add("register " + id + ":" + port);
        }

        @Override
        public void deregister(String targetGroupArn, String id, int port, Runnable drained) {
            targets.add("deregister " + id + ":" + port);
            drained.run();
        }
    };

    private final EcsEngine engine = new EcsEngine(new Arns("eu-west-1", "123456789012"), timers.clock, timers, runtime,
            registry, (key, json) -> { }, EC2_START, FARGATE_START, Duration.ofSeconds(1), 42);

    private static TaskDefinition.Container web(int hostPort) {
        return new TaskDefinition.Container("web", null, null, null, List.of(new TaskDefinition.PortMapping(8080, hostPort, "tcp")),
                Map.of("name", "web", "image", "iiif"));
    }

    private TaskDefinition fargate() {
        return engine.registerTaskDefinition("iiif", "awsvpc", 512, 1024, List.of(web(0)), List.of("EC2", "FARGATE"));
    }

    private EcsEngine.RunRequest onFargate(String taskDefinition, int count) {
        return new EcsEngine.RunRequest("demo", taskDefinition, count, null, null, List.of(), LaunchType.FARGATE, null, SUBNET);
    }

    @Test
    void aFargateTaskNeedsNoInstanceAndRunsAfterItsOwnStartDelayOnItsOwnAddress() {
        engine.createCluster("demo");
        fargate();

        EcsTask task = engine.runTask(onFargate("iiif", 1)).tasks().get(0);

        assertThat(task.instance()).isNull();
        assertThat(task.launchType()).isEqualTo(LaunchType.FARGATE);
        assertThat(task.privateIp()).isEqualTo("127.0.0.2");
        timers.advance(EC2_START);
        assertThat(task.lastStatus()).as("an EC2 task would be running now").isEqualTo(TaskStatus.PROVISIONING);
        timers.advance(Duration.ofSeconds(1));
        assertThat(task.lastStatus()).as("half its start delay: pulling the image").isEqualTo(TaskStatus.PENDING);
        timers.advance(Duration.ofSeconds(5));
        assertThat(task.lastStatus()).isEqualTo(TaskStatus.RUNNING);
        assertThat(started).singleElement().satisfies(launch -> {
            assertThat(launch.awsvpc()).isTrue();
            assertThat(launch.host()).isEqualTo("127.0.0.2");
            assertThat(launch.containerPort()).isEqualTo(8080);
            assertThat(launch.instanceId()).isNull();
        });
        assertThat(task.hostPort()).as("awsvpc: the container port on its own address").isEqualTo(8080);
    }

    @Test
    void eachAwsvpcTaskHasItsOwnAddressAndAFreedOneIsReusedLast() {
        engine.createCluster("demo");
        fargate();
        List<EcsTask> tasks = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            tasks.addAll(engine.runTask(onFargate("iiif", 10)).tasks());
        }
        Set<String> addresses = new HashSet<>();
        tasks.forEach(t -> addresses.add(t.privateIp()));
        assertThat(addresses).hasSize(30).allMatch(a -> a.matches("127\\.0\\.0\\.([2-9]|[1-9]\\d|1\\d\\d|2[0-4]\\d|25[0-4])"));

        engine.stopTask("demo", tasks.get(0).arn(), "done");
        assertThat(tasks.get(0).lastStatus()).isEqualTo(TaskStatus.STOPPED);
        assertThat(engine.runTask(onFargate("iiif", 1)).tasks().get(0).privateIp()).isEqualTo("127.0.0.32");
    }

    @Test
    void fargateNeverFailsForResourcesButAddressesRunOut() {
        engine.createCluster("demo");
        fargate();
        int placed = 0;
        for (int i = 0; i < 25; i++) {
            placed += engine.runTask(onFargate("iiif", 10)).tasks().size();
        }
        assertThat(placed).isEqualTo(250);

        EcsEngine.RunResult last = engine.runTask(onFargate("iiif", 5));

        assertThat(last.tasks()).hasSize(3); // 127.0.0.2 to 127.0.0.254: 253 addresses
        assertThat(last.failures()).singleElement().satisfies(f -> assertThat(f.reason()).isEqualTo("RESOURCE:ENI"));
    }

    @Test
    void anAwsvpcServiceTaskIsRegisteredAndDrainedByItsAddress() {
        engine.join("demo", "i-1", 4096, 8192, false);
        fargate();
        engine.createService("demo", "iiif", "iiif", 1, List.of(new EcsService.LoadBalancer(TG, "web", 8080)), List.of(), SUBNET);
        engine.reconcile();
        timers.advance(EC2_START);
        assertThat(targets).containsExactly("register 127.0.0.2:8080");

        engine.updateService("demo", "iiif", 0, null);
        engine.reconcile();
        timers.advance(Duration.ofSeconds(2));
        assertThat(targets).containsExactly("register 127.0.0.2:8080", "deregister 127.0.0.2:8080");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            an EC2-only task definition on Fargate | bridge | FARGATE | true  | Task definition does not support launch_type FARGATE.
            awsvpc without a network configuration | awsvpc | EC2     | false | Network Configuration must be provided when networkMode 'awsvpc' is specified.
            bridge with a network configuration    | bridge | EC2     | true  | Network Configuration is not valid for the given networkMode of this task definition.
            """)
    void runTaskRefusesWhatAwsRefuses(String name, String networkMode, LaunchType launchType, boolean network, String message) {
        engine.join("demo", "i-1", 4096, 8192, false);
        engine.registerTaskDefinition("td", networkMode, 512, 1024, List.of(web(0)), List.of("EC2"));

        assertThatThrownBy(() -> engine.runTask(new EcsEngine.RunRequest("demo", "td", 1, null, null, List.of(), launchType,
                null, network ? SUBNET : null)))
                .isInstanceOfSatisfying(AwsError.class, e -> assertThat(e.code()).isEqualTo("InvalidParameterException"))
                .hasMessage(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            bridge on Fargate          | bridge | 512 | 1024 | 0    | Fargate only supports network mode ‘awsvpc’.
            no task-level CPU          | awsvpc |     | 1024 | 0    | Fargate requires that 'cpu' be defined at the task level.
            no task-level memory       | awsvpc | 512 |      | 0    | Fargate requires that 'memory' be defined at the task level.
            not a Fargate size         | awsvpc | 512 | 8192 | 0    | No Fargate configuration exists for given values: 512 CPU, 8192 memory. See the Amazon ECS documentation for the valid values.
            awsvpc host port differs   | awsvpc | 512 | 1024 | 9090 | When networkMode=awsvpc, the host ports and container ports in port mappings must match.
            """)
    void registeringAFargateTaskDefinitionChecksWhatAwsChecks(String name, String networkMode, Integer cpu, Integer memory,
                                                              int hostPort, String message) {
        assertThatThrownBy(() -> engine.registerTaskDefinition("td", networkMode, cpu, memory, List.of(web(hostPort)),
                List.of("FARGATE")))
                .isInstanceOfSatisfying(AwsError.class, e -> assertThat(e.code()).isEqualTo("ClientException"))
                .hasMessage(message);
    }

    @ParameterizedTest(name = "{0} CPU / {1} MiB: {2}")
    @CsvSource({
            "256, 512, true", "256, 2048, true", "256, 3072, false",
            "512, 1024, true", "512, 4096, true", "512, 5120, false", "512, 1536, false",
            "1024, 2048, true", "1024, 8192, true", "1024, 1024, false",
            "2048, 16384, true", "4096, 30720, true", "4096, 31744, false",
            "8192, 20480, true", "8192, 18432, false", "16384, 122880, true", "16384, 36864, false",
            "384, 1024, false",
    })
    void fargateSizesAreAwsTable(int cpu, int memory, boolean valid) {
        assertThat(FargateRules.validSize(cpu, memory)).isEqualTo(valid);
    }
}
