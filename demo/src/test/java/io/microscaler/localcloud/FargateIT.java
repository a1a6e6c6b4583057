package io.microscaler.localcloud;

import static io.microscaler.localcloud.LocalCloudFixture.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.microscaler.demo.EventSink;
import io.microscaler.demo.HttpHealthProbe;
import io.microscaler.demo.ImageServerRuntime;
import io.microscaler.demo.ImageServerSettings;
import io.microscaler.demo.LoadBalancer;
import io.microscaler.localcloud.query.SdkClients;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsAsyncClient;
import software.amazon.awssdk.services.ecs.model.Attachment;
import software.amazon.awssdk.services.ecs.model.CPUArchitecture;
import software.amazon.awssdk.services.ecs.model.ClientException;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.LogDriver;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.OSFamily;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.RunTaskRequest;
import software.amazon.awssdk.services.ecs.model.RunTaskResponse;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2AsyncClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

/**
 * Fargate through the SDK on a local cloud with real containers (the demo's image servers) and
 * real HTTP health checks: a task that does not fit on EC2 runs on Fargate, on a loopback address
 * of its own, and becomes a healthy ip target that the demo's load balancer routes to.
 */
class FargateIT {

    private static final String SUBNET = "subnet-0a1b2c3d";

    private static LocalCloudFixture fixture;
    private static EcsAsyncClient ecs;
    private static ElasticLoadBalancingV2AsyncClient elb;
    /** Every awsvpc task listens on this port of its own address; free on 127.0.0.1, so most likely on 127.0.0.x too. */
    private static int containerPort;
    private static int clusters;

    @BeforeAll
    static void start() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            containerPort = probe.getLocalPort();
        }
        fixture = new LocalCloudFixture(LocalCloudSettings.fast(), vertx -> new HttpHealthProbe(vertx, Duration.ofSeconds(1)),
                vertx -> new ImageServerRuntime(vertx, ImageServerSettings.defaults("fargate-it.requests"), EventSink.NONE,
                        Duration.ofMillis(200)));
        ecs = fixture.ecs();
        elb = SdkClients.elb(fixture.cloud.endpoint());
    }

    @AfterAll
    static void stop() {
        elb.close();
        ecs.close();
        fixture.close();
    }

    private static String newCluster() {
        String name = "fargate" + (++clusters);
        call(ecs.createCluster(r -> r.clusterName(name)));
        return name;
    }

    /** A Fargate-capable definition as deploy files write them: awsvpc, task-level sizes, roles, logs, a health check. */
    private static TaskDefinition registerFargate(String family) {
        return call(ecs.registerTaskDefinition(r -> r.family(family)
                .networkMode(NetworkMode.AWSVPC)
                .requiresCompatibilities(Compatibility.EC2, Compatibility.FARGATE)
                .cpu("512").memory("1024")
                .executionRoleArn("arn:aws:iam::123456789012:role/ecsTaskExecutionRole")
                .taskRoleArn("arn:aws:iam::123456789012:role/iiif-task")
                .runtimePlatform(p -> p.cpuArchitecture(CPUArchitecture.X86_64).operatingSystemFamily(OSFamily.LINUX))
                .containerDefinitions(ContainerDefinition.builder().name("iiif").image("iiif:latest").essential(true)
                        .portMappings(PortMapping.builder().containerPort(containerPort).build())
                        .logConfiguration(l -> l.logDriver(LogDriver.AWSLOGS).options(Map.of(
                                "awslogs-group", "/ecs/iiif", "awslogs-region", "eu-west-1", "awslogs-stream-prefix", "iiif")))
                        .healthCheck(h -> h.command("CMD-SHELL", "curl -f http://localhost/health || exit 1")
                                .interval(10).timeout(5).retries(3).startPeriod(10))
                        .environment(KeyValuePair.builder().name("MODE").value("demo").build())
                        .build()))).taskDefinition();
    }

    private static RunTaskResponse run(String cluster, String family, int count, LaunchType launchType) {
        return call(ecs.runTask(r -> r.cluster(cluster).taskDefinition(family).count(count).launchType(launchType)
                .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets(SUBNET).securityGroups("sg-0123abcd")))));
    }

    private static Task describe(String cluster, String arn) {
        return call(ecs.describeTasks(r -> r.cluster(cluster).tasks(arn))).tasks().get(0);
    }

    private static String address(Task task) {
        Attachment eni = task.attachments().stream().filter(a -> a.type().equals("ElasticNetworkInterface")).findFirst().orElseThrow();
        return eni.details().stream().filter(d -> d.name().equals("privateIPv4Address")).findFirst().orElseThrow().value();
    }

    @Test
    void aFargateTaskDefinitionIsAcceptedAndDescribedAsRegistered() {
        TaskDefinition registered = registerFargate("iiif-described");

        TaskDefinition td = call(ecs.describeTaskDefinition(r -> r.taskDefinition("iiif-described"))).taskDefinition();

        assertThat(td.taskDefinitionArn()).isEqualTo(registered.taskDefinitionArn());
        assertThat(td.networkMode()).isEqualTo(NetworkMode.AWSVPC);
        assertThat(td.requiresCompatibilities()).containsExactly(Compatibility.EC2, Compatibility.FARGATE);
        assertThat(td.compatibilities()).containsExactly(Compatibility.EC2, Compatibility.FARGATE);
        assertThat(td.cpu()).isEqualTo("512");
        assertThat(td.memory()).isEqualTo("1024");
        assertThat(td.executionRoleArn()).isEqualTo("arn:aws:iam::123456789012:role/ecsTaskExecutionRole");
        assertThat(td.taskRoleArn()).isEqualTo("arn:aws:iam::123456789012:role/iiif-task");
        assertThat(td.runtimePlatform().operatingSystemFamily()).isEqualTo(OSFamily.LINUX);
        ContainerDefinition c = td.containerDefinitions().get(0);
        assertThat(c.logConfiguration().logDriver()).isEqualTo(LogDriver.AWSLOGS);
        assertThat(c.logConfiguration().options()).containsEntry("awslogs-group", "/ecs/iiif");
        assertThat(c.healthCheck().command()).containsExactly("CMD-SHELL", "curl -f http://localhost/health || exit 1");
        assertThat(c.healthCheck().retries()).isEqualTo(3);
        assertThat(c.portMappings().get(0).containerPort()).isEqualTo(containerPort);
        assertThat(c.portMappings().get(0).hostPort()).as("awsvpc: the container port").isEqualTo(containerPort);

        assertThatThrownBy(() -> call(ecs.registerTaskDefinition(r -> r.family("bridged").networkMode(NetworkMode.BRIDGE)
                .requiresCompatibilities(Compatibility.FARGATE).cpu("256").memory("512")
                .containerDefinitions(ContainerDefinition.builder().name("x").image("x").build()))))
                .isInstanceOf(ClientException.class).hasMessageContaining("Fargate only supports network mode");
        assertThatThrownBy(() -> call(ecs.registerTaskDefinition(r -> r.family("oddsize").networkMode(NetworkMode.AWSVPC)
                .requiresCompatibilities(Compatibility.FARGATE).cpu("512").memory("8192")
                .containerDefinitions(ContainerDefinition.builder().name("x").image("x").build()))))
                .isInstanceOf(ClientException.class).hasMessageContaining("No Fargate configuration exists for given values: 512 CPU, 8192 memory");
    }

    @Test
    void whatDoesNotFitOnEc2RunsOnFargateOnItsOwnAddressAndBecomesAHealthyIpTarget() throws Exception {
        String cluster = newCluster();
        fixture.join(cluster, "i-full", 2048, 2048);
        registerFargate("iiif-overflow");

        RunTaskResponse onEc2 = run(cluster, "iiif-overflow", 3, LaunchType.EC2);
        assertThat(onEc2.tasks()).hasSize(2);
        assertThat(onEc2.failures()).singleElement().satisfies(f -> {
            assertThat(f.reason()).isEqualTo("RESOURCE:MEMORY");
            assertThat(f.arn()).contains(":container-instance/" + cluster + "/");
        });

        RunTaskResponse onFargate = run(cluster, "iiif-overflow", 2, LaunchType.FARGATE);
        assertThat(onFargate.failures()).isEmpty();
        List<String> fargateArns = onFargate.tasks().stream().map(Task::taskArn).toList();
        for (Task placed : onFargate.tasks()) {
            assertThat(placed.launchType()).isEqualTo(LaunchType.FARGATE);
            assertThat(placed.containerInstanceArn()).isNull();
            assertThat(placed.platformVersion()).isEqualTo("1.4.0");
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> fargateArns.stream()
                .allMatch(arn -> describe(cluster, arn).lastStatus().equals("RUNNING")));

        Set<String> addresses = new HashSet<>();
        List<String> all = new ArrayList<>(fargateArns);
        onEc2.tasks().forEach(t -> all.add(t.taskArn()));
        for (String arn : all) {
            Task task = describe(cluster, arn);
            String ip = address(task);
            assertThat(ip).matches("127\\.0\\.0\\.(\\d+)");
            assertThat(Integer.parseInt(ip.substring("127.0.0.".length()))).isBetween(2, 254);
            assertThat(task.containers().get(0).networkInterfaces().get(0).privateIpv4Address()).isEqualTo(ip);
            addresses.add(ip);
        }
        assertThat(addresses).as("each awsvpc task its own address").hasSize(4);
        Task running = describe(cluster, fargateArns.get(0));
        assertThat(Duration.between(running.createdAt(), running.startedAt()))
                .as("Fargate's own start delay").isGreaterThanOrEqualTo(LocalCloudSettings.fast().fargateStartDelay());
        assertThat(call(ecs.listTasks(r -> r.cluster(cluster).launchType(LaunchType.FARGATE))).taskArns())
                .containsExactlyInAnyOrderElementsOf(fargateArns);

        String group = call(elb.createTargetGroup(b -> b.name("iiif-ip").protocol(ProtocolEnum.HTTP).port(containerPort)
                .vpcId("vpc-local").targetType(TargetTypeEnum.IP).healthCheckPath("/health").healthCheckIntervalSeconds(5)
                .healthyThresholdCount(2))).targetGroups().get(0).targetGroupArn();
        List<TargetDescription> targets = fargateArns.stream()
                .map(arn -> TargetDescription.builder().id(address(describe(cluster, arn))).port(containerPort).build()).toList();
        call(elb.registerTargets(b -> b.targetGroupArn(group).targets(targets)));
        await().atMost(Duration.ofSeconds(20)).until(() -> call(elb.describeTargetHealth(b -> b.targetGroupArn(group)))
                .targetHealthDescriptions().stream().filter(h -> h.targetHealth().state() == TargetHealthStateEnum.HEALTHY)
                .count() == 2);
        assertThat(fixture.cloud.healthyTargets().of("iiif-ip")).extracting(HealthyTargets.Target::host)
                .containsExactlyInAnyOrderElementsOf(targets.stream().map(TargetDescription::id).toList());

        LoadBalancer lb = new LoadBalancer("127.0.0.1", 0, "iiif-ip", fixture.cloud.healthyTargets(), 5000);
        LocalCloudFixture.await(fixture.vertx.deployVerticle(lb));
        HttpResponse<String> served = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + lb.port() + "/iiif/a/info.json")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(lb.stats().perTarget().keySet()).singleElement().asString().startsWith("127.0.0.").endsWith(":" + containerPort);

        call(ecs.stopTask(r -> r.cluster(cluster).task(fargateArns.get(0))));
        await().atMost(Duration.ofSeconds(20)).until(() -> describe(cluster, fargateArns.get(0)).lastStatus().equals("STOPPED"));
        assertThat(describe(cluster, fargateArns.get(0)).attachments().get(0).status()).isEqualTo("DELETED");
    }

    @Test
    void aCapacityProviderStrategyOfFargateRunsOnFargate() {
        String cluster = newCluster();
        registerFargate("iiif-provider");

        Task task = call(ecs.runTask(r -> r.cluster(cluster).taskDefinition("iiif-provider")
                .capacityProviderStrategy(s -> s.capacityProvider("FARGATE_SPOT").weight(1))
                .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets(SUBNET))))).tasks().get(0);

        assertThat(task.launchType()).isEqualTo(LaunchType.FARGATE);
        assertThat(task.capacityProviderName()).isEqualTo("FARGATE_SPOT");
        assertThatThrownBy(() -> call(ecs.runTask(r -> r.cluster(cluster).taskDefinition("iiif-provider")
                .launchType(LaunchType.FARGATE).capacityProviderStrategy(s -> s.capacityProvider("FARGATE"))
                .networkConfiguration(n -> n.awsvpcConfiguration(a -> a.subnets(SUBNET))))))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("Specifying both a launchType and capacityProviderStrategy");
    }

    @Test
    void fargateRefusesWhatAwsRefuses() {
        String cluster = newCluster();
        fixture.join(cluster, "i-any", 4096, 8192);
        call(ecs.registerTaskDefinition(r -> r.family("ec2only").networkMode(NetworkMode.BRIDGE)
                .containerDefinitions(ContainerDefinition.builder().name("web").image("x").memory(512)
                        .portMappings(PortMapping.builder().containerPort(8080).hostPort(0).build()).build())));
        registerFargate("iiif-refused");

        assertThatThrownBy(() -> call(ecs.runTask(r -> r.cluster(cluster).taskDefinition("ec2only").launchType(LaunchType.FARGATE))))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("Task definition does not support launch_type FARGATE.");
        assertThatThrownBy(() -> call(ecs.runTask(RunTaskRequest.builder().cluster(cluster).taskDefinition("iiif-refused")
                .launchType(LaunchType.FARGATE).build())))
                .isInstanceOf(InvalidParameterException.class)
                .hasMessageContaining("Network Configuration must be provided when networkMode 'awsvpc' is specified.");
    }
}
