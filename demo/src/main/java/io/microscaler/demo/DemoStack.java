package io.microscaler.demo;

import io.vertx.core.Context;
import io.vertx.core.Future;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.ecs.EcsAsyncClient;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.LoadBalancer;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.PlacementStrategy;
import software.amazon.awssdk.services.ecs.model.PlacementStrategyType;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.TransportProtocol;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2AsyncClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetTypeEnum;

/**
 * Creates, through the AWS SDK, what a CloudFormation stack would for one image-server service:
 * the cluster, a target group for bridge-mode dynamic ports, a task definition with host port 0,
 * and an EC2 service behind the target group. The demo runs it against the local cloud; nothing in
 * it knows that, so it reads as the recipe for a real account too.
 */
public final class DemoStack {

    /** What one demo service needs. {@code cpu} in CPU units (1024 per vCPU), {@code memory} in MiB. */
    public record ServiceSpec(String name, int cpu, int memory, int containerPort, int desiredCount) {
    }

    /**
     * What a task-mode service needs from the stack: its own target group (instances, dynamic host
     * ports) and a bridge-mode task definition. No ECS service: microscaler runs its tasks.
     */
    public record TaskModeSpec(String targetGroup, String family, String containerName, int cpu, int memory,
                               int containerPort) {
    }

    private final EcsAsyncClient ecs;
    private final ElasticLoadBalancingV2AsyncClient elb;
    private final Context context;

    /** @param context where the SDK's results complete (the caller's) */
    public DemoStack(EcsAsyncClient ecs, ElasticLoadBalancingV2AsyncClient elb, Context context) {
        this.ecs = ecs;
        this.elb = elb;
        this.context = context;
    }

    public Future<Void> createCluster(String cluster) {
        return on(ecs.createCluster(b -> b.clusterName(cluster))).mapEmpty();
    }

    /**
     * Creates a service with no load balancer (a queue worker, which pulls its work): its task
     * definition and service only. Completes once created.
     */
    public Future<Void> createWorkerService(String cluster, ServiceSpec spec) {
        return taskDefinition(spec.name(), spec.name(), spec.cpu(), spec.memory(), spec.containerPort())
                .compose(taskDefinitionArn -> on(ecs.createService(b -> b.cluster(cluster).serviceName(spec.name())
                        .taskDefinition(taskDefinitionArn).desiredCount(spec.desiredCount()).launchType(LaunchType.EC2)
                        .placementStrategy(PlacementStrategy.builder().type(PlacementStrategyType.BINPACK).field("memory")
                                .build()))))
                .mapEmpty();
    }

    /** Creates the service's target group, task definition and service; completes with the target group's ARN. */
    public Future<String> createService(String cluster, ServiceSpec spec) {
        return targetGroup(spec.name())
                .compose(targetGroupArn -> taskDefinition(spec.name(), spec.name(), spec.cpu(), spec.memory(), spec.containerPort())
                        .compose(taskDefinitionArn -> on(ecs.createService(b -> b.cluster(cluster).serviceName(spec.name())
                                .taskDefinition(taskDefinitionArn)
                                .desiredCount(spec.desiredCount()).launchType(LaunchType.EC2)
                                // binpack on memory: fill instances before starting new ones, so
                                // instances can be emptied and given back when load falls
                                .placementStrategy(PlacementStrategy.builder()
                                        .type(PlacementStrategyType.BINPACK).field("memory").build())
                                .loadBalancers(LoadBalancer.builder().targetGroupArn(targetGroupArn)
                                        .containerName(spec.name()).containerPort(spec.containerPort()).build()))))
                        .map(created -> targetGroupArn));
    }

    /** Creates a task-mode service's target group and task definition; completes with the target group's ARN. */
    public Future<String> createTaskModeService(TaskModeSpec spec) {
        return targetGroup(spec.targetGroup()).compose(targetGroupArn -> taskDefinition(spec.family(), spec.containerName(),
                spec.cpu(), spec.memory(), spec.containerPort()).map(td -> targetGroupArn));
    }

    /** A target group of instances (bridge tasks on their dynamic host ports), health-checked on /health. */
    private Future<String> targetGroup(String name) {
        return on(elb.createTargetGroup(b -> b.name(name).protocol(ProtocolEnum.HTTP).port(80)
                        .vpcId("vpc-local").targetType(TargetTypeEnum.INSTANCE)
                        .healthCheckPath("/health").healthCheckIntervalSeconds(5)
                        .healthyThresholdCount(2).unhealthyThresholdCount(2)))
                .map(r -> r.targetGroups().get(0).targetGroupArn());
    }

    /** A bridge-mode task definition whose container port maps to host port 0; completes with its ARN. */
    private Future<String> taskDefinition(String family, String container, int cpu, int memory, int containerPort) {
        return on(ecs.registerTaskDefinition(b -> b.family(family)
                .networkMode(NetworkMode.BRIDGE)
                .requiresCompatibilities(Compatibility.EC2)
                .containerDefinitions(ContainerDefinition.builder()
                        .name(container).image("microscaler/demo-image-server:latest")
                        .cpu(cpu).memory(memory).essential(true)
                        // hostPort 0: a dynamic host port per task, so one instance hosts many
                        .portMappings(PortMapping.builder().containerPort(containerPort)
                                .hostPort(0).protocol(TransportProtocol.TCP).build())
                        .build())))
                .map(td -> td.taskDefinition().taskDefinitionArn());
    }

    private <T> Future<T> on(CompletableFuture<T> call) {
        return Future.fromCompletionStage(call, context);
    }
}
