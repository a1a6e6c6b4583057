package io.microscaler.deploy;

import io.microscaler.actuate.aws.AwsCallListener;
import io.microscaler.actuate.aws.AwsCalls;
import io.microscaler.actuate.aws.AwsClients;
import io.microscaler.actuate.aws.AwsSettings;
import io.microscaler.actuate.aws.EcsClusterCapacity;
import io.microscaler.actuate.aws.EcsServiceTarget;
import io.microscaler.actuate.aws.EcsTaskTarget;
import io.microscaler.tasks.TaskModeSettings;
import io.microscaler.config.ActuatorConfig;
import io.microscaler.config.ConfigLoader;
import io.microscaler.localcloud.AutoScalingGroupSpec;
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
import java.util.Optional;
import java.util.function.Supplier;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

/**
 * What the operations tour runs in: a local cloud set up as deploy/cloudformation/microscaler.yaml
 * sets up AWS (a cluster on an Auto Scaling group, a bridge-mode image-server service behind an
 * instance target group), and the app's own AWS clients and scaling targets, built the way the
 * composition root builds them. Only those production clients carry the recorder; the set-up and
 * the operator's changes go through clients of their own, so they are never counted.
 */
final class TourWorld implements AutoCloseable {

    static final String CLUSTER = "microscaler";
    static final String SERVICE = "iiif";
    /** A task-mode service: the actuator runs its tasks itself and registers them in its target group. */
    static final String TASK_SERVICE = "tiles";
    static final String GROUP = CLUSTER + "-instances";
    private static final int CONTAINER_PORT = 8080;

    private final Vertx cloudVertx;
    private final LocalCloud cloud;
    private final AwsClients operator;
    private final Vertx vertx;
    private final Context context;
    private final AwsClients production;
    private EcsServiceTarget ecsServiceTarget;
    private EcsTaskTarget taskTarget;
    private EcsClusterCapacity clusterCapacity;
    private io.microscaler.actuate.aws.ScalableTargetCalls scalableTargets;
    private AwsOperationRecorder recorder;

    private TourWorld(Vertx cloudVertx, LocalCloud cloud, AwsClients operator, Vertx vertx, AwsClients production) {
        this.cloudVertx = cloudVertx;
        this.cloud = cloud;
        this.operator = operator;
        this.vertx = vertx;
        this.context = vertx.getOrCreateContext();
        this.production = production;
    }

    /** Starts the local cloud and sets up the cluster and the service; blocks the (test) thread. */
    static TourWorld start(AwsOperationRecorder recorder) {
        Vertx cloudVertx = Vertx.vertx();
        LocalCloud cloud = join(LocalCloud.start(cloudVertx, LocalCloudSettings.fast(), ContainerRuntime.NONE,
                HealthProbe.ALWAYS_HEALTHY, ClusterEventSink.NONE).toCompletionStage());
        AwsClients operator = AwsClients.create(AwsSettings.endpoint(cloud.endpoint(), cloud.region(), "AKIDOPERATOR", "local"));
        // The app's clients: only the endpoint and the keys differ from production's.
        AwsClients production = AwsClients.create(
                AwsSettings.endpoint(cloud.endpoint(), cloud.region(), "AKIDMICROSCALER", "local"), List.of(recorder));
        TourWorld world = new TourWorld(cloudVertx, cloud, operator, Vertx.vertx(), production);
        world.recorder = recorder;
        world.setUp();
        return world;
    }

    private void setUp() {
        join(operator.ecs().createCluster(r -> r.clusterName(CLUSTER)));
        join(cloud.addAutoScalingGroup(new AutoScalingGroupSpec(GROUP, CLUSTER, 4096, 7680, 2, 4, 2, false))
                .toCompletionStage());
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() ->
                join(operator.ecs().listContainerInstances(r -> r.cluster(CLUSTER))).containerInstanceArns().size() == 2);
        join(operator.ecs().registerTaskDefinition(r -> r.family(SERVICE).networkMode(NetworkMode.BRIDGE)
                .containerDefinitions(ContainerDefinition.builder().name(SERVICE).image("image-server:1").cpu(256)
                        .memory(512).essential(true)
                        .portMappings(PortMapping.builder().containerPort(CONTAINER_PORT).hostPort(0).build()).build())));
        String targetGroup = join(operator.elb().createTargetGroup(r -> r.name(SERVICE).protocol(ProtocolEnum.HTTP)
                .port(CONTAINER_PORT).vpcId("vpc-local").targetType(TargetTypeEnum.INSTANCE).healthCheckPath("/health")))
                .targetGroups().get(0).targetGroupArn();
        join(operator.ecs().createService(r -> r.cluster(CLUSTER).serviceName(SERVICE).taskDefinition(SERVICE)
                .desiredCount(1).launchType(LaunchType.EC2)
                .loadBalancers(l -> l.targetGroupArn(targetGroup).containerName(SERVICE).containerPort(CONTAINER_PORT))));
        // The service is under target tracking, as an existing ECS service would be
        join(operator.applicationAutoScaling().registerScalableTarget(r -> r.serviceNamespace("ecs")
                .resourceId("service/" + CLUSTER + "/" + SERVICE).scalableDimension("ecs:service:DesiredCount")
                .minCapacity(1).maxCapacity(20)));
        join(operator.applicationAutoScaling().putScalingPolicy(r -> r.policyName("cpu75").serviceNamespace("ecs")
                .resourceId("service/" + CLUSTER + "/" + SERVICE).scalableDimension("ecs:service:DesiredCount")
                .policyType("TargetTrackingScaling").targetTrackingScalingPolicyConfiguration(c -> c.targetValue(75.0)
                        .predefinedMetricSpecification(m -> m.predefinedMetricType("ECSServiceAverageCPUUtilization")))));
        join(operator.ecs().registerTaskDefinition(r -> r.family(TASK_SERVICE).networkMode(NetworkMode.BRIDGE)
                .containerDefinitions(ContainerDefinition.builder().name(TASK_SERVICE).image("image-server:1").cpu(256)
                        .memory(512).essential(true)
                        .portMappings(PortMapping.builder().containerPort(CONTAINER_PORT).hostPort(0).build()).build())));
        join(operator.elb().createTargetGroup(r -> r.name(TASK_SERVICE).protocol(ProtocolEnum.HTTP)
                .port(CONTAINER_PORT).vpcId("vpc-local").targetType(TargetTypeEnum.INSTANCE).healthCheckPath("/health")));
    }

    /** The task-mode target as Microscaler.start builds it, its target group given by name, with fast polling. */
    EcsTaskTarget taskTarget() {
        if (taskTarget == null) {
            taskTarget = new EcsTaskTarget(vertx, production.ecs(), production.elb(), calls(),
                    Map.of(TASK_SERVICE, TaskModeSettings.ec2(CLUSTER, TASK_SERVICE, TASK_SERVICE, TASK_SERVICE, CONTAINER_PORT)),
                    EcsTaskTarget.Timings.fast(), java.time.Clock.systemUTC(), AwsCallListener.NONE);
        }
        return taskTarget;
    }

    /** The cluster capacity actuator, on the cluster's Auto Scaling group. */
    EcsClusterCapacity clusterCapacity() {
        if (clusterCapacity == null) {
            clusterCapacity = new EcsClusterCapacity(production, calls(), CLUSTER, Optional.of(GROUP));
        }
        return clusterCapacity;
    }

    /** Take-over and hand-back's calls, as TakeOverTarget and the handback command make them. */
    io.microscaler.actuate.aws.ScalableTargetCalls scalableTargets() {
        if (scalableTargets == null) {
            scalableTargets = new io.microscaler.actuate.aws.ScalableTargetCalls(production.applicationAutoScaling(),
                    calls(), CLUSTER);
        }
        return scalableTargets;
    }

    /** Whether the app's clients have called {@code operation} (e.g. {@code Ecs:StopTask}) yet. */
    boolean called(String operation) {
        return recorder.operations().contains(operation);
    }

    /** Polls {@code done} on the app's context until it holds (the step's work goes on in the background). */
    Future<Void> until(Supplier<Future<Boolean>> done) {
        return until(done, System.nanoTime() + Duration.ofSeconds(30).toNanos());
    }

    private Future<Void> until(Supplier<Future<Boolean>> done, long deadline) {
        return done.get().compose(held -> {
            if (held) {
                return Future.succeededFuture();
            }
            if (System.nanoTime() - deadline > 0) {
                return Future.failedFuture(new AssertionError("the step's condition did not hold within 30 s"));
            }
            io.vertx.core.Promise<Void> later = io.vertx.core.Promise.promise();
            vertx.setTimer(50, id -> until(done, deadline).onComplete(later));
            return later.future();
        });
    }

    private AwsCalls calls() {
        ActuatorConfig.Aws aws = ConfigLoader.defaults().actuator().aws();
        return new AwsCalls(vertx, new AwsCalls.Settings(aws.retry().maxAttempts(), aws.retry().baseDelay(),
                aws.retry().maxDelay(), aws.retry().deadline(), aws.callsPerSecond(), aws.burst()), AwsCallListener.NONE);
    }

    /** The ECS service target, as Microscaler.start builds it for {@code actuator.target: ecs}, with the default settings. */
    EcsServiceTarget ecsServiceTarget() {
        if (ecsServiceTarget == null) {
            ActuatorConfig.Aws aws = ConfigLoader.defaults().actuator().aws();
            AwsCalls calls = new AwsCalls(vertx, new AwsCalls.Settings(aws.retry().maxAttempts(), aws.retry().baseDelay(),
                    aws.retry().maxDelay(), aws.retry().deadline(), aws.callsPerSecond(), aws.burst()), AwsCallListener.NONE);
            ecsServiceTarget = new EcsServiceTarget(production.ecs(), production.elb(), calls, CLUSTER,
                    Map.of(SERVICE, new EcsServiceTarget.Bounds(1, 20)), AwsCallListener.NONE);
        }
        return ecsServiceTarget;
    }

    /** Someone else (a person, another tool) sets the service's desired count; not recorded. */
    Future<Void> operatorSetsDesiredCount(int count) {
        return Future.fromCompletionStage(operator.ecs().updateService(r -> r.cluster(CLUSTER).service(SERVICE)
                .desiredCount(count)), context).mapEmpty();
    }

    /** Runs one step on the app's context, as the actuator's calls are made, and waits for it. */
    Object run(TourStep step) {
        CompletableFuture<Object> done = new CompletableFuture<>();
        context.runOnContext(v -> {
            Future<?> future;
            try {
                future = step.action().apply(this);
            } catch (RuntimeException | AssertionError e) {
                future = Future.failedFuture(e);
            }
            future.onComplete(r -> {
                if (r.succeeded()) {
                    done.complete(r.result());
                } else {
                    done.completeExceptionally(r.cause());
                }
            });
        });
        return join(done, "tour step '" + step.name() + "'");
    }

    @Override
    public void close() {
        production.close();
        operator.close();
        join(vertx.close().toCompletionStage());
        join(cloud.close().toCompletionStage());
        join(cloudVertx.close().toCompletionStage());
    }

    private static <T> T join(CompletionStage<T> stage) {
        return join(stage, "set-up");
    }

    private static <T> T join(CompletionStage<T> stage, String what) {
        try {
            return stage.toCompletableFuture().get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(what + " failed: " + (e.getCause() != null ? e.getCause() : e), e);
        }
    }
}
