package io.microscaler.actuate.aws;

import static org.awaitility.Awaitility.await;

import io.microscaler.tasks.TaskModeSettings;
import io.microscaler.tasks.TaskTarget;
import io.microscaler.localcloud.ClusterEventSink;
import io.microscaler.localcloud.ContainerRuntime;
import io.microscaler.localcloud.HealthProbe;
import io.microscaler.localcloud.LocalCloud;
import io.microscaler.localcloud.LocalCloudSettings;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ecs.EcsAsyncClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TransportProtocol;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2AsyncClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupAttribute;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

/**
 * The local cloud as task-mode ITs set it up, and what an operator reads back from it through the
 * SDK (blocking waits on the test thread only). The cloud's own cap on draining is long, so a
 * target group's {@code deregistration_delay.timeout_seconds} decides, as on AWS.
 */
final class TaskModeCloud implements AutoCloseable {

    static final String TASK_DEFINITION = "web";
    static final String CONTAINER = "web";
    static final int CONTAINER_PORT = 8080;
    /** Each task reserves this much of its instance. */
    static final int TASK_CPU = 32;
    static final int TASK_MEMORY = 128;

    final Vertx vertx = Vertx.vertx();
    final LocalCloud cloud;
    /** The operator's clients: set-up and checks, never the actuator's; they retry through injected faults. */
    final Operator operator;

    /** SDK clients with the SDK's standard retries (up to 10 attempts, no circuit breaker). */
    record Operator(SdkAsyncHttpClient http, EcsAsyncClient ecs, ElasticLoadBalancingV2AsyncClient elb) {

        static Operator of(LocalCloud cloud) {
            SdkAsyncHttpClient http = NettyNioAsyncHttpClient.builder().build();
            ClientOverrideConfiguration retries = ClientOverrideConfiguration.builder().retryStrategy(
                    AwsRetryStrategy.standardRetryStrategy().toBuilder().maxAttempts(10).circuitBreakerEnabled(false).build())
                    .build();
            StaticCredentialsProvider credentials = StaticCredentialsProvider.create(
                    AwsBasicCredentials.create("AKIDOPERATOR", "local"));
            return new Operator(http,
                    EcsAsyncClient.builder().httpClient(http).endpointOverride(cloud.endpoint()).region(Region.of(cloud.region()))
                            .credentialsProvider(credentials).overrideConfiguration(retries).build(),
                    ElasticLoadBalancingV2AsyncClient.builder().httpClient(http).endpointOverride(cloud.endpoint())
                            .region(Region.of(cloud.region())).credentialsProvider(credentials).overrideConfiguration(retries)
                            .build());
        }

        void close() {
            ecs.close();
            elb.close();
            http.close();
        }
    }

    TaskModeCloud() {
        LocalCloudSettings settings = new LocalCloudSettings("127.0.0.1", 0, "eu-west-1", "123456789012",
                Duration.ofMillis(50), Duration.ofMillis(30), Duration.ofMillis(20), Duration.ofSeconds(30),
                Duration.ofMillis(100), Duration.ofMillis(500), 42);
        cloud = get(LocalCloud.start(vertx, settings, ContainerRuntime.NONE, HealthProbe.ALWAYS_HEALTHY, ClusterEventSink.NONE));
        operator = Operator.of(cloud);
        get(operator.ecs().registerTaskDefinition(r -> r.family(TASK_DEFINITION).networkMode(NetworkMode.BRIDGE)
                .containerDefinitions(ContainerDefinition.builder().name(CONTAINER).image("web:1").cpu(TASK_CPU)
                        .memory(TASK_MEMORY).essential(true).portMappings(PortMapping.builder().containerPort(CONTAINER_PORT)
                                .hostPort(0).protocol(TransportProtocol.TCP).build()).build())));
    }

    /** An instance that joins the cluster (creating it), as the ECS agent would register it. */
    void join(String cluster, String ec2InstanceId, int cpu, int memory) {
        get(cloud.registerContainerInstance(cluster, ec2InstanceId, cpu, memory, false));
    }

    /** A target group of instances whose targets drain for {@code drainSeconds}; returns its ARN. */
    String targetGroup(String name, int drainSeconds) {
        String arn = get(operator.elb().createTargetGroup(b -> b.name(name).protocol(ProtocolEnum.HTTP).port(CONTAINER_PORT)
                .vpcId("vpc-local").targetType(TargetTypeEnum.INSTANCE).healthCheckIntervalSeconds(5)
                .healthyThresholdCount(2))).targetGroups().get(0).targetGroupArn();
        get(operator.elb().modifyTargetGroupAttributes(b -> b.targetGroupArn(arn).attributes(TargetGroupAttribute.builder()
                .key(TaskModeCalls.DEREGISTRATION_DELAY).value(String.valueOf(drainSeconds)).build())));
        return arn;
    }

    static TaskModeSettings settings(String cluster, String targetGroup) {
        return TaskModeSettings.ec2(cluster, TASK_DEFINITION, targetGroup, CONTAINER, CONTAINER_PORT);
    }

    /** The service's tasks ECS has with desired status RUNNING, as an operator lists them. */
    List<Task> activeTasks(String cluster, String service) {
        List<String> arns = get(operator.ecs().listTasks(b -> b.cluster(cluster).startedBy(TaskModeSettings.STARTED_BY)))
                .taskArns();
        if (arns.isEmpty()) {
            return List.of();
        }
        return get(operator.ecs().describeTasks(b -> b.cluster(cluster).tasks(arns))).tasks().stream()
                .filter(t -> TaskModeSettings.group(service).equals(t.group()) && "RUNNING".equals(t.desiredStatus()))
                .toList();
    }

    Task describe(String cluster, String taskArn) {
        return get(operator.ecs().describeTasks(b -> b.cluster(cluster).tasks(taskArn))).tasks().get(0);
    }

    /** The task's target: its instance's EC2 id and the host port bound to the web container's port. */
    TaskTarget targetOf(String cluster, Task task) {
        String ec2 = get(operator.ecs().describeContainerInstances(b -> b.cluster(cluster)
                .containerInstances(task.containerInstanceArn()))).containerInstances().get(0).ec2InstanceId();
        int port = task.containers().stream().filter(c -> CONTAINER.equals(c.name()))
                .flatMap(c -> c.networkBindings().stream()).filter(b -> b.containerPort() == CONTAINER_PORT)
                .findFirst().orElseThrow().hostPort();
        return new TaskTarget(ec2, port);
    }

    /** Every target in the group and its state ({@code healthy}, {@code draining}, …). */
    Map<TaskTarget, String> targets(String targetGroupArn) {
        List<TargetHealthDescription> all = get(operator.elb().describeTargetHealth(b -> b.targetGroupArn(targetGroupArn)))
                .targetHealthDescriptions();
        return all.stream().collect(Collectors.toMap(d -> new TaskTarget(d.target().id(), d.target().port()),
                d -> d.targetHealth().stateAsString()));
    }

    /** Runs {@code call} on {@code context} and waits for its result on the test thread. */
    static <T> T on(Context context, Supplier<Future<T>> call) {
        CompletableFuture<T> result = new CompletableFuture<>();
        context.runOnContext(v -> call.get().onComplete(r -> {
            if (r.succeeded()) {
                result.complete(r.result());
            } else {
                result.completeExceptionally(r.cause());
            }
        }));
        return get(result);
    }

    /** Waits until the condition holds, reading it again and again (exceptions from faults are retried). */
    static void until(String what, Supplier<Boolean> condition) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20)).ignoreExceptions().alias(what)
                .until(condition::get);
    }

    static <T> T get(Future<T> future) {
        return get(future.toCompletionStage().toCompletableFuture());
    }

    static <T> T get(CompletableFuture<T> future) {
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e.getCause() != null ? e.getCause() : e);
        }
    }

    @Override
    public void close() {
        operator.close();
        get(cloud.close());
        get(vertx.close());
    }
}
