package io.microscaler.capacity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.microscaler.actuate.aws.AwsCallListener;
import io.microscaler.actuate.aws.AwsCalls;
import io.microscaler.actuate.aws.AwsClients;
import io.microscaler.actuate.aws.AwsSettings;
import io.microscaler.actuate.aws.ClusterView;
import io.microscaler.actuate.aws.EcsClusterCapacity;
import io.microscaler.bus.Addresses;
import io.microscaler.bus.ClusterLeadership;
import io.microscaler.bus.Codecs;
import io.microscaler.cluster.HeadroomRule;
import io.microscaler.cluster.HeadroomSettings;
import io.microscaler.cluster.InstanceSize;
import io.microscaler.cluster.TaskSize;
import io.microscaler.localcloud.AutoScalingGroupSpec;
import io.microscaler.localcloud.LocalCloudFixture;
import io.microscaler.localcloud.LocalCloudSettings;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.ecs.EcsAsyncClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.PortMapping;

/**
 * The real headroom rule driving the Auto Scaling group of the local cloud: instances of 4096 CPU /
 * 7680 MiB hold 4 of the largest task (1024 / 1024), low 1, high 5. Tasks are started and stopped
 * by an operator; the scale actions the autoscaler takes are counted from its own SDK calls.
 */
class HeadroomLoopIT {

    private static final String CLUSTER = "headroom";
    private static final String GROUP = "asg-headroom";

    private LocalCloudFixture fixture;
    private EcsAsyncClient operator;
    private Vertx vertx;
    private AwsClients clients;
    private EcsClusterCapacity capacity;
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    @BeforeEach
    void start() {
        fixture = new LocalCloudFixture(LocalCloudSettings.fast());
        LocalCloudFixture.await(fixture.cloud.addAutoScalingGroup(new AutoScalingGroupSpec(GROUP, CLUSTER, 4096, 7680, 1, 4, 1, false)));
        operator = fixture.ecs();
        LocalCloudFixture.call(operator.registerTaskDefinition(r -> r.family("big").networkMode(NetworkMode.BRIDGE)
                .containerDefinitions(ContainerDefinition.builder().name("big").image("big:1").cpu(1024).memory(1024)
                        .essential(true).portMappings(PortMapping.builder().containerPort(8080).hostPort(0).build()).build())));
        vertx = Vertx.vertx();
        Codecs.register(vertx.eventBus());
        ExecutionInterceptor counter = new ExecutionInterceptor() {
            @Override
            public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                calls.computeIfAbsent(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), k -> new AtomicInteger())
                        .incrementAndGet();
            }
        };
        clients = AwsClients.create(AwsSettings.endpoint(fixture.cloud.endpoint(), fixture.cloud.region(), "AKIDHEADROOM", "local"),
                List.of(counter));
        capacity = new EcsClusterCapacity(clients, new AwsCalls(vertx, new AwsCalls.Settings(4, Duration.ofMillis(10),
                Duration.ofMillis(100), Duration.ofSeconds(20), 100, 50), AwsCallListener.NONE), CLUSTER, Optional.of(GROUP));
        HeadroomSettings settings = new HeadroomSettings(1, 5, new TaskSize(1024, 1024), new InstanceSize(4096, 7680),
                Duration.ofMillis(500));
        LocalCloudFixture.await(vertx.deployVerticle(new ClusterCapacityVerticle(capacity,
                new HeadroomRunner(new HeadroomRule(settings)), Duration.ofMillis(100), Clock.systemUTC())));
        view(v -> v.instances().size() == 1);
        vertx.eventBus().publish(Addresses.CLUSTER_LEADERSHIP, new ClusterLeadership("test", true));
    }

    @AfterEach
    void stop() {
        clients.close();
        operator.close();
        LocalCloudFixture.await(vertx.close());
        fixture.close();
    }

    @Test
    void scalesOutBelowLowHoldsWhileTheLoadHoversAndScalesInTheEmptiestInstance() {
        // 3 tasks on the one instance: headroom 1, not below low: no scale action
        List<String> tasks = new java.util.ArrayList<>(runTasks(3));
        view(v -> v.instances().get(0).placed().size() == 3);
        String first = view(v -> true).instances().get(0).ec2InstanceId();

        // a 4th: headroom 0 < 1 → one more instance, which joins
        tasks.addAll(runTasks(1));
        ClusterView two = view(v -> v.instances().size() == 2 && v.instances().stream().allMatch(ClusterView.Instance::active));
        assertThat(count("SetDesiredCapacity")).isEqualTo(1);

        // the load hovers: 4 ↔ 3 tasks (headroom 4 ↔ 5, never above high 5, never below low 1)
        for (int i = 0; i < 6; i++) {
            stopTask(tasks.remove(tasks.size() - 1));
            view(v -> placedTasks(v) == 3);
            tasks.addAll(runTasks(1));
            view(v -> placedTasks(v) == 4);
        }
        assertThat(count("SetDesiredCapacity")).as("one scale-out in all").isEqualTo(1);
        assertThat(count("UpdateContainerInstancesState")).as("no drain").isZero();
        assertThat(count("TerminateInstanceInAutoScalingGroup")).as("no scale-in").isZero();

        // the load falls to 1 task: headroom 3 + 4 = 7 > 5 → the emptiest instance goes, not the first one
        while (tasks.size() > 1) {
            stopTask(tasks.remove(tasks.size() - 1));
        }
        // the view reads the instances and the group apart: the instance may be gone a read before the
        // group's desired count is down, so wait for both
        ClusterView one = view(v -> v.instances().size() == 1
                && v.group().map(g -> g.desired() == 1).orElse(false));
        assertThat(one.instances().get(0).ec2InstanceId()).isEqualTo(first);
        assertThat(two.byEc2Id(first)).isPresent();
        assertThat(count("TerminateInstanceInAutoScalingGroup")).isEqualTo(1);
        assertThat(count("UpdateContainerInstancesState")).as("drained before terminating").isEqualTo(1);
        assertThat(one.group()).get().extracting(ClusterView.Group::desired).isEqualTo(1);
    }

    private List<String> runTasks(int n) {
        return LocalCloudFixture.call(operator.runTask(r -> r.cluster(CLUSTER).taskDefinition("big").count(n)))
                .tasks().stream().map(t -> t.taskArn()).toList();
    }

    private void stopTask(String arn) {
        LocalCloudFixture.call(operator.stopTask(r -> r.cluster(CLUSTER).task(arn)));
    }

    private int count(String operation) {
        return calls.getOrDefault(operation, new AtomicInteger()).get();
    }

    private static long placedTasks(ClusterView v) {
        return v.instances().stream().mapToLong(i -> i.placed().size()).sum();
    }

    private ClusterView view(Predicate<ClusterView> until) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> {
            Promise<ClusterView> read = Promise.promise();
            vertx.getOrCreateContext().runOnContext(v -> capacity.read().onComplete(read));
            return LocalCloudFixture.await(read.future());
        }, until);
    }
}
