package io.microscaler.localcloud;

import static io.microscaler.localcloud.LocalCloudFixture.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.EcsAsyncClient;
import software.amazon.awssdk.services.ecs.model.ClientException;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.ContainerInstance;
import software.amazon.awssdk.services.ecs.model.ContainerInstanceStatus;
import software.amazon.awssdk.services.ecs.model.DeploymentRolloutState;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.InvalidParameterException;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.NetworkBinding;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.PlacementStrategy;
import software.amazon.awssdk.services.ecs.model.PlacementStrategyType;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.RunTaskResponse;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceNotFoundException;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.ecs.model.TransportProtocol;

/** Every ECS operation the local cloud serves, driven through the real SDK client over HTTP. */
class EcsApiIT {

    private static LocalCloudFixture fixture;
    private static EcsAsyncClient ecs;
    private static int clusters;

    @BeforeAll
    static void start() {
        fixture = new LocalCloudFixture(LocalCloudSettings.fast());
        ecs = fixture.ecs();
    }

    @AfterAll
    static void stop() {
        ecs.close();
        fixture.close();
    }

    @AfterEach
    void noFaults() {
        fixture.cloud.faults().clearAll();
    }

    /** A fresh cluster per test, so tests do not see each other's tasks. */
    private static String newCluster() {
        String name = "c" + (++clusters);
        call(ecs.createCluster(r -> r.clusterName(name)));
        return name;
    }

    private static TaskDefinition registerWeb(String family, int cpu, int memory) {
        return call(ecs.registerTaskDefinition(r -> r.family(family).networkMode(NetworkMode.BRIDGE)
                .containerDefinitions(ContainerDefinition.builder().name("web").image("iiif:latest").cpu(cpu).memory(memory)
                        .essential(true)
                        .portMappings(PortMapping.builder().containerPort(8080).hostPort(0).protocol(TransportProtocol.TCP).build())
                        .build()))).taskDefinition();
    }

    private static Task describeTask(String cluster, String taskArn) {
        return call(ecs.describeTasks(r -> r.cluster(cluster).tasks(taskArn))).tasks().get(0);
    }

    private static ContainerInstance instance(String cluster, String arn) {
        return call(ecs.describeContainerInstances(r -> r.cluster(cluster).containerInstances(arn))).containerInstances().get(0);
    }

    private static List<String> instanceArns(String cluster) {
        return call(ecs.listContainerInstances(r -> r.cluster(cluster))).containerInstanceArns();
    }

    private static int remaining(ContainerInstance instance, String name) {
        return instance.remainingResources().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow().integerValue();
    }

    private static Service service(String cluster, String name) {
        return call(ecs.describeServices(r -> r.cluster(cluster).services(name))).services().get(0);
    }

    @Test
    void clustersAndTaskDefinitionsRoundTrip() {
        String cluster = newCluster();
        var created = call(ecs.createCluster(r -> r.clusterName(cluster))).cluster();
        assertThat(created.clusterArn()).isEqualTo("arn:aws:ecs:eu-west-1:123456789012:cluster/" + cluster);
        assertThat(created.status()).isEqualTo("ACTIVE");

        TaskDefinition first = registerWeb("tdround", 256, 512);
        TaskDefinition second = registerWeb("tdround", 512, 1024);
        assertThat(first.taskDefinitionArn()).isEqualTo("arn:aws:ecs:eu-west-1:123456789012:task-definition/tdround:1");
        assertThat(second.revision()).isEqualTo(2);

        TaskDefinition latest = call(ecs.describeTaskDefinition(r -> r.taskDefinition("tdround"))).taskDefinition();
        assertThat(latest.revision()).isEqualTo(2);
        TaskDefinition byRevision = call(ecs.describeTaskDefinition(r -> r.taskDefinition("tdround:1"))).taskDefinition();
        assertThat(byRevision.containerDefinitions().get(0).memory()).isEqualTo(512);
        assertThat(byRevision.containerDefinitions().get(0).portMappings().get(0).containerPort()).isEqualTo(8080);
        assertThat(byRevision.networkMode()).isEqualTo(NetworkMode.BRIDGE);
        assertThat(byRevision.registeredAt()).isNotNull();

        assertThatThrownBy(() -> call(ecs.describeTaskDefinition(r -> r.taskDefinition("nosuchfamily"))))
                .isInstanceOf(ClientException.class);
        assertThatThrownBy(() -> call(ecs.registerTaskDefinition(r -> r.family("nomemory")
                .containerDefinitions(ContainerDefinition.builder().name("web").image("x").build()))))
                .isInstanceOf(ClientException.class).hasMessageContaining("memoryReservation");
    }

    @Test
    void runTaskReachesRunningWithADynamicHostPortAndStops() {
        String cluster = newCluster();
        fixture.join(cluster, "i-run1", 2048, 4096);
        registerWeb("runner", 256, 512);

        RunTaskResponse run = call(ecs.runTask(r -> r.cluster(cluster).taskDefinition("runner").launchType(LaunchType.EC2)));
        assertThat(run.failures()).isEmpty();
        Task placed = run.tasks().get(0);
        assertThat(placed.lastStatus()).isEqualTo("PROVISIONING");
        assertThat(placed.desiredStatus()).isEqualTo("RUNNING");
        assertThat(placed.group()).isEqualTo("family:runner");
        assertThat(placed.taskArn()).startsWith("arn:aws:ecs:eu-west-1:123456789012:task/" + cluster + "/");

        await().atMost(Duration.ofSeconds(5)).until(() -> describeTask(cluster, placed.taskArn()).lastStatus().equals("RUNNING"));
        Task running = describeTask(cluster, placed.taskArn());
        NetworkBinding binding = running.containers().get(0).networkBindings().get(0);
        assertThat(binding.containerPort()).isEqualTo(8080);
        assertThat(binding.hostPort()).isBetween(32768, 60999);
        assertThat(binding.bindIP()).isEqualTo("0.0.0.0");
        assertThat(running.startedAt()).isNotNull();

        String instanceArn = running.containerInstanceArn();
        ContainerInstance instance = instance(cluster, instanceArn);
        assertThat(instance.ec2InstanceId()).isEqualTo("i-run1");
        assertThat(instance.runningTasksCount()).isEqualTo(1);
        assertThat(remaining(instance, "MEMORY")).isEqualTo(4096 - 512);
        assertThat(remaining(instance, "CPU")).isEqualTo(2048 - 256);

        assertThat(call(ecs.listTasks(r -> r.cluster(cluster))).taskArns()).containsExactly(placed.taskArn());
        assertThat(call(ecs.listTasks(r -> r.cluster(cluster).family("runner"))).taskArns()).containsExactly(placed.taskArn());
        assertThat(call(ecs.listTasks(r -> r.cluster(cluster).family("other"))).taskArns()).isEmpty();
        assertThat(call(ecs.listTasks(r -> r.cluster(cluster).containerInstance(instanceArn))).taskArns()).hasSize(1);

        Task stopping = call(ecs.stopTask(r -> r.cluster(cluster).task(placed.taskArn()).reason("test"))).task();
        assertThat(stopping.desiredStatus()).isEqualTo("STOPPED");
        await().atMost(Duration.ofSeconds(5)).until(() -> describeTask(cluster, placed.taskArn()).lastStatus().equals("STOPPED"));
        Task stopped = describeTask(cluster, placed.taskArn());
        assertThat(stopped.stoppedReason()).isEqualTo("test");
        assertThat(stopped.stopCodeAsString()).isEqualTo("UserInitiated");
        assertThat(call(ecs.listTasks(r -> r.cluster(cluster))).taskArns()).isEmpty();
        assertThat(call(ecs.listTasks(r -> r.cluster(cluster).desiredStatus(DesiredStatus.STOPPED))).taskArns())
                .containsExactly(placed.taskArn());
        assertThat(remaining(instance(cluster, instanceArn), "MEMORY")).isEqualTo(4096);

        assertThatThrownBy(() -> call(ecs.stopTask(r -> r.cluster(cluster).task("0123456789abcdef0123456789abcdef"))))
                .isInstanceOf(InvalidParameterException.class);
        var missing = call(ecs.describeTasks(r -> r.cluster(cluster).tasks("0123456789abcdef0123456789abcdef")));
        assertThat(missing.failures()).singleElement().satisfies(f -> assertThat(f.reason()).isEqualTo("MISSING"));
    }

    @Test
    void binpackFillsOneInstanceWhileSpreadUsesAll() {
        String cluster = newCluster();
        for (int i = 0; i < 3; i++) {
            fixture.join(cluster, "i-place" + i, 2048, 4096);
        }
        registerWeb("placed", 256, 512);
        RunTaskResponse packed = call(ecs.runTask(r -> r.cluster(cluster).taskDefinition("placed").count(3)
                .placementStrategy(PlacementStrategy.builder().type(PlacementStrategyType.BINPACK).field("memory").build())));
        assertThat(packed.tasks()).extracting(Task::containerInstanceArn).containsOnly(packed.tasks().get(0).containerInstanceArn());

        RunTaskResponse spread = call(ecs.runTask(r -> r.cluster(cluster).taskDefinition("placed").count(3).group("spread")
                .placementStrategy(PlacementStrategy.builder().type(PlacementStrategyType.SPREAD).field("instanceId").build())));
        assertThat(spread.tasks()).extracting(Task::containerInstanceArn).doesNotHaveDuplicates().hasSize(3);

        RunTaskResponse byDefault = call(ecs.runTask(r -> r.cluster(cluster).taskDefinition("placed").count(3).group("default")));
        assertThat(byDefault.tasks()).extracting(Task::containerInstanceArn).doesNotHaveDuplicates();

        assertThatThrownBy(() -> call(ecs.runTask(r -> r.cluster(cluster).taskDefinition("placed")
                .placementStrategy(PlacementStrategy.builder().type(PlacementStrategyType.BINPACK).field("disk").build()))))
                .isInstanceOf(InvalidParameterException.class);
    }

    @Test
    void aTaskThatFitsNowhereIsAFailureNamingTheResource() {
        String cluster = newCluster();
        fixture.join(cluster, "i-small", 1024, 1024);
        registerWeb("fat", 256, 512);
        RunTaskResponse run = call(ecs.runTask(r -> r.cluster(cluster).taskDefinition("fat").count(3)));
        assertThat(run.tasks()).hasSize(2);
        assertThat(run.failures()).singleElement().satisfies(f -> {
            assertThat(f.reason()).isEqualTo("RESOURCE:MEMORY");
            assertThat(f.arn()).contains(":container-instance/" + cluster + "/");
        });

        String roomy = newCluster();
        fixture.join(roomy, "i-roomy", 1024, 8192);
        registerWeb("cpuhungry", 2048, 128);
        assertThat(call(ecs.runTask(r -> r.cluster(roomy).taskDefinition("cpuhungry"))).failures())
                .extracting(f -> f.reason()).containsExactly("RESOURCE:CPU");

        String empty = newCluster();
        assertThatThrownBy(() -> call(ecs.runTask(r -> r.cluster(empty).taskDefinition("fat"))))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("No Container Instances");
    }

    @Test
    void aServiceConvergesOnItsDesiredCount() {
        String cluster = newCluster();
        fixture.join(cluster, "i-svc1", 2048, 4096);
        fixture.join(cluster, "i-svc2", 2048, 4096);
        registerWeb("svc", 256, 512);

        Service created = call(ecs.createService(r -> r.cluster(cluster).serviceName("web").taskDefinition("svc")
                .desiredCount(3).launchType(LaunchType.EC2))).service();
        assertThat(created.serviceArn()).isEqualTo("arn:aws:ecs:eu-west-1:123456789012:service/" + cluster + "/web");
        assertThat(created.desiredCount()).isEqualTo(3);

        await().atMost(Duration.ofSeconds(5)).until(() -> service(cluster, "web").runningCount() == 3);
        await().atMost(Duration.ofSeconds(5)).until(() ->
                service(cluster, "web").deployments().get(0).rolloutState() == DeploymentRolloutState.COMPLETED);
        Service steady = service(cluster, "web");
        assertThat(steady.pendingCount()).isZero();
        assertThat(steady.deployments().get(0).status()).isEqualTo("PRIMARY");
        assertThat(steady.events()).anySatisfy(e -> assertThat(e.message()).contains("has reached a steady state"));
        List<String> tasks = call(ecs.listTasks(r -> r.cluster(cluster).serviceName("web"))).taskArns();
        assertThat(tasks).hasSize(3);
        assertThat(describeTask(cluster, tasks.get(0)).group()).isEqualTo("service:web");

        Service scaledIn = call(ecs.updateService(r -> r.cluster(cluster).service("web").desiredCount(1))).service();
        assertThat(scaledIn.desiredCount()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> service(cluster, "web").runningCount() == 1
                && call(ecs.listTasks(r -> r.cluster(cluster).serviceName("web"))).taskArns().size() == 1);

        call(ecs.updateService(r -> r.cluster(cluster).service("web").desiredCount(4)));
        await().atMost(Duration.ofSeconds(5)).until(() -> service(cluster, "web").runningCount() == 4);

        var described = call(ecs.describeServices(r -> r.cluster(cluster).services("web", "nope")));
        assertThat(described.services()).extracting(Service::serviceName).containsExactly("web");
        assertThat(described.failures()).singleElement().satisfies(f -> {
            assertThat(f.reason()).isEqualTo("MISSING");
            assertThat(f.arn()).endsWith(":service/" + cluster + "/nope");
        });
    }

    @Test
    void aServiceThatCannotPlaceSaysSoAndRetries() {
        String cluster = newCluster();
        fixture.join(cluster, "i-tiny", 1024, 512);
        registerWeb("big", 256, 1024);
        call(ecs.createService(r -> r.cluster(cluster).serviceName("big").taskDefinition("big").desiredCount(1)));
        await().atMost(Duration.ofSeconds(5)).until(() -> service(cluster, "big").events().stream()
                .anyMatch(e -> e.message().contains("was unable to place a task") && e.message().contains("insufficient memory")));

        fixture.join(cluster, "i-large", 2048, 4096);
        await().atMost(Duration.ofSeconds(5)).until(() -> service(cluster, "big").runningCount() == 1);
    }

    @Test
    void drainingInstancesGetNoNewTasksAndTheirServiceTasksAreReplaced() {
        String cluster = newCluster();
        fixture.join(cluster, "i-drainA", 2048, 4096);
        fixture.join(cluster, "i-drainB", 2048, 4096);
        registerWeb("drain", 256, 512);
        call(ecs.createService(r -> r.cluster(cluster).serviceName("d").taskDefinition("drain").desiredCount(2)));
        await().atMost(Duration.ofSeconds(5)).until(() -> service(cluster, "d").runningCount() == 2);

        Map<String, String> byEc2 = instanceArns(cluster).stream()
                .collect(Collectors.toMap(arn -> instance(cluster, arn).ec2InstanceId(), Function.identity()));
        String a = byEc2.get("i-drainA");
        var updated = call(ecs.updateContainerInstancesState(r -> r.cluster(cluster).containerInstances(a)
                .status(ContainerInstanceStatus.DRAINING)));
        assertThat(updated.containerInstances().get(0).status()).isEqualTo("DRAINING");
        assertThat(call(ecs.listContainerInstances(r -> r.cluster(cluster).status(ContainerInstanceStatus.DRAINING)))
                .containerInstanceArns()).containsExactly(a);

        await().atMost(Duration.ofSeconds(5)).until(() -> {
            List<String> arns = call(ecs.listTasks(r -> r.cluster(cluster).serviceName("d"))).taskArns();
            return arns.size() == 2 && service(cluster, "d").runningCount() == 2
                    && arns.stream().allMatch(t -> describeTask(cluster, t).containerInstanceArn().equals(byEc2.get("i-drainB")));
        });
        assertThat(instance(cluster, a).runningTasksCount()).isZero();

        RunTaskResponse run = call(ecs.runTask(r -> r.cluster(cluster).taskDefinition("drain").count(2)));
        assertThat(run.tasks()).extracting(Task::containerInstanceArn).containsOnly(byEc2.get("i-drainB"));

        var missing = call(ecs.updateContainerInstancesState(r -> r.cluster(cluster)
                .containerInstances("0123456789abcdef0123456789abcdef").status(ContainerInstanceStatus.ACTIVE)));
        assertThat(missing.failures()).extracting(f -> f.reason()).containsExactly("MISSING");
    }

    @Test
    void anInstanceThatLeavesHasItsServiceTasksReplaced() {
        String cluster = newCluster();
        fixture.join(cluster, "i-leave1", 2048, 4096);
        registerWeb("leaving", 256, 512);
        call(ecs.createService(r -> r.cluster(cluster).serviceName("l").taskDefinition("leaving").desiredCount(2)));
        await().atMost(Duration.ofSeconds(5)).until(() -> service(cluster, "l").runningCount() == 2);
        fixture.join(cluster, "i-leave2", 2048, 4096);
        LocalCloudFixture.await(fixture.cloud.deregisterContainerInstance("i-leave1"));

        assertThat(instanceArns(cluster)).hasSize(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> service(cluster, "l").runningCount() == 2);
        List<String> stopped = call(ecs.listTasks(r -> r.cluster(cluster).desiredStatus(DesiredStatus.STOPPED))).taskArns();
        assertThat(stopped).hasSize(2);
        assertThat(describeTask(cluster, stopped.get(0)).stoppedReason()).contains("i-leave1").contains("terminated");
    }

    @Test
    void errorsAreTheSdksExceptionTypes() {
        String cluster = newCluster();
        registerWeb("errs", 256, 512);
        call(ecs.createService(r -> r.cluster(cluster).serviceName("exists").taskDefinition("errs").desiredCount(0)));

        assertThatThrownBy(() -> call(ecs.updateService(r -> r.cluster(cluster).service("missing").desiredCount(1))))
                .isInstanceOf(ServiceNotFoundException.class);
        assertThatThrownBy(() -> call(ecs.updateService(r -> r.cluster("nosuchcluster").service("exists").desiredCount(1))))
                .isInstanceOf(ClusterNotFoundException.class);
        assertThatThrownBy(() -> call(ecs.updateService(r -> r.cluster(cluster).service("exists").desiredCount(-1))))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> call(ecs.createService(r -> r.cluster(cluster).serviceName("lb").taskDefinition("errs")
                .desiredCount(1).loadBalancers(lb -> lb.containerName("web").containerPort(8080)
                        .targetGroupArn("arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/missing/0123456789abcdef")))))
                .isInstanceOf(InvalidParameterException.class).hasMessageContaining("target group");
        assertThatThrownBy(() -> call(ecs.createService(r -> r.cluster(cluster).serviceName("exists").taskDefinition("errs"))))
                .isInstanceOf(InvalidParameterException.class);
        assertThatThrownBy(() -> call(ecs.describeServices(r -> r.cluster("nosuchcluster").services("exists"))))
                .isInstanceOf(ClusterNotFoundException.class);
        assertThatThrownBy(() -> call(ecs.listTasks(r -> r.cluster(cluster).serviceName("missing"))))
                .isInstanceOf(ServiceNotFoundException.class);
    }

    @Test
    void listsArePaginated() {
        String cluster = newCluster();
        for (int i = 0; i < 5; i++) {
            fixture.join(cluster, "i-page" + i, 1024, 1024);
        }
        var first = call(ecs.listContainerInstances(r -> r.cluster(cluster).maxResults(2)));
        assertThat(first.containerInstanceArns()).hasSize(2);
        var second = call(ecs.listContainerInstances(r -> r.cluster(cluster).maxResults(2).nextToken(first.nextToken())));
        var third = call(ecs.listContainerInstances(r -> r.cluster(cluster).maxResults(2).nextToken(second.nextToken())));
        assertThat(third.nextToken()).isNull();
        assertThat(List.of(first, second, third).stream().mapToInt(p -> p.containerInstanceArns().size()).sum()).isEqualTo(5);
    }

    @Test
    void taskStateChangesAreSentAsEventBridgeEvents() {
        String cluster = newCluster();
        fixture.join(cluster, "i-events", 1024, 2048);
        registerWeb("evented", 256, 512);
        String taskArn = call(ecs.runTask(r -> r.cluster(cluster).taskDefinition("evented"))).tasks().get(0).taskArn();
        await().atMost(Duration.ofSeconds(5)).until(() -> fixture.events().stream()
                .anyMatch(e -> e.contains("\"ECS Task State Change\"") && e.contains(taskArn) && e.contains("\"lastStatus\":\"RUNNING\"")));
        assertThat(fixture.events()).anySatisfy(e -> assertThat(e)
                .contains("\"detail-type\":\"ECS Container Instance State Change\"")
                .contains("i-events")
                .contains("\"source\":\"aws.ecs\""));
    }
}
