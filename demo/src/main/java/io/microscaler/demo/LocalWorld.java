package io.microscaler.demo;

import io.microscaler.actuate.aws.AwsClients;
import io.microscaler.actuate.aws.AwsSettings;
import io.microscaler.config.MicroscalerConfig;
import io.microscaler.config.ServiceConfig;
import io.microscaler.kafka.embedded.EmbeddedKafkaBroker;
import io.microscaler.kafka.Topics;
import io.microscaler.localcloud.AutoScalingGroupSpec;
import io.microscaler.localcloud.LocalCloud;
import io.microscaler.localcloud.LocalCloudSettings;
import io.microscaler.window.DemandKind;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ecs.EcsAsyncClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2AsyncClient;

/**
 * Everything around the autoscaler, on one machine: Kafka (embedded unless configured), the local
 * cloud with an Auto Scaling group of container instances, a real image server per task that sends
 * request events to Kafka, the services of the configuration created as a CloudFormation stack
 * would, and a load balancer per service in front of its healthy targets.
 *
 * <p>It runs on its own Vert.x instance, as AWS runs apart from the autoscaler: only loopback
 * sockets and Kafka connect the two. {@link #autoscalerOverrides()} are the configuration keys
 * that point the autoscaler at it.
 */
public final class LocalWorld implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalWorld.class);

    /** Every demo task: a quarter of a vCPU and 512 MiB, as a small image server would ask. */
    static final int TASK_CPU = 256;
    static final int TASK_MEMORY = 512;
    static final int CONTAINER_PORT = 8182; // Cantaloupe's, a common IIIF image server
    /** Four c5.xlarge-like instances: 4 vCPU, 7.5 GiB registered, so 14 such tasks each by memory. */
    static final int INSTANCES = 4;
    static final int INSTANCE_CPU = 4096;
    static final int INSTANCE_MEMORY = 7680;
    /** The Auto Scaling group's name: the cluster's, with this suffix (as {@code cluster.autoScalingGroup} names it). */
    static final String GROUP_SUFFIX = "-instances";
    static final String ACCESS_KEY = "LOCALCLOUD";
    static final String SECRET_KEY = "local-cloud-does-not-check-signatures";

    private final EmbeddedKafkaBroker broker;
    private final Vertx vertx;
    private final String bootstrapServers;
    private final LocalCloud cloud;
    private final Map<String, LoadBalancer> loadBalancers;
    private final AwsClients aws;
    private final EcsAsyncClient ecs;
    private final ElasticLoadBalancingV2AsyncClient elb;
    private final List<AutoCloseable> closeables;
    private final KafkaEventSink demandEvents;
    private final String demandTopic;
    private final Map<String, String> targetGroups;

    /**
     * The cluster's Auto Scaling group: how many instances it starts with and may grow to, their
     * size, and whether they are spot instances (which can be interrupted).
     */
    public record Fleet(int instances, int maxInstances, int instanceCpu, int instanceMemory, boolean spot) {

        /** Four c5.xlarge-like on-demand instances, up to 10. */
        public static final Fleet DEFAULT = new Fleet(INSTANCES, 10, INSTANCE_CPU, INSTANCE_MEMORY, false);
    }

    private LocalWorld(EmbeddedKafkaBroker broker, Vertx vertx, String bootstrapServers, LocalCloud cloud,
                       Map<String, LoadBalancer> loadBalancers, AwsClients aws,
                       List<AutoCloseable> closeables, KafkaEventSink demandEvents, String demandTopic,
                       Map<String, String> targetGroups) {
        this.aws = aws;
        this.demandEvents = demandEvents;
        this.demandTopic = demandTopic;
        this.targetGroups = targetGroups;
        this.broker = broker;
        this.vertx = vertx;
        this.bootstrapServers = bootstrapServers;
        this.cloud = cloud;
        this.loadBalancers = loadBalancers;
        this.ecs = aws.ecs();
        this.elb = aws.elb();
        this.closeables = closeables;
    }

    /**
     * Starts it all for the configured services and returns once each service's first tasks are
     * healthy behind its load balancer. Blocks the calling thread (call it from {@code main}).
     *
     * @param firstLbPort the first service's load balancer port (0: any); the next services get the following ports
     */
    public static LocalWorld start(MicroscalerConfig config, int firstLbPort, LocalCloudSettings cloudSettings)
            throws Exception {
        return start(config, firstLbPort, cloudSettings, Fleet.DEFAULT);
    }

    /**
     * As {@link #start(MicroscalerConfig, int, LocalCloudSettings)}, with this fleet. Services in
     * task mode get their target group and task definition but no ECS service and no tasks: the
     * autoscaler runs their tasks, so start-up does not wait for them ({@link #awaitHealthy}).
     * Services with {@code minTasks: 0} are queue workers ({@link #workers}): an ECS service with no
     * load balancer, whose tasks send no request events.
     */
    public static LocalWorld start(MicroscalerConfig config, int firstLbPort, LocalCloudSettings cloudSettings, Fleet fleet)
            throws Exception {
        EmbeddedKafkaBroker broker = config.kafka().hasBootstrapServers() ? null : EmbeddedKafkaBroker.start();
        String bootstrap = broker != null ? broker.bootstrapServers() : config.kafka().bootstrapServers();
        Vertx vertx = Vertx.vertx();
        List<AutoCloseable> closeables = new ArrayList<>();
        try {
            await(Topics.ensure(vertx, config.kafka(), bootstrap, config.cluster().enabled(), config.anyPredictive()));
            var topics = config.kafka().topics();
            KafkaEventSink requestEvents = await(KafkaEventSink.start(vertx, bootstrap, topics.requests(), Duration.ofSeconds(30)));
            KafkaEventSink clusterEvents = await(KafkaEventSink.start(vertx, bootstrap, topics.cluster(), Duration.ofSeconds(30)));
            KafkaEventSink demandEvents = await(KafkaEventSink.start(vertx, bootstrap, topics.demand(), Duration.ofSeconds(30)));
            closeables.add(() -> await(requestEvents.close(vertx)));
            closeables.add(() -> await(clusterEvents.close(vertx)));
            closeables.add(() -> await(demandEvents.close(vertx)));
            var runtime = new ImageServerRuntime(vertx, ImageServerSettings.defaults(topics.requests()), requestEvents,
                    Duration.ofSeconds(2), workers(config));
            var probe = new HttpHealthProbe(vertx, Duration.ofSeconds(1));
            LocalCloud cloud = await(LocalCloud.start(vertx, cloudSettings, runtime, probe,
                    (key, json) -> clusterEvents.send(topics.cluster(), key, json.getBytes(java.nio.charset.StandardCharsets.UTF_8))));
            closeables.add(() -> await(cloud.close()));

            // The autoscaler's own client factory: the stack is built the way the actuator will call
            AwsClients aws = AwsClients.create(AwsSettings.endpoint(cloud.endpoint(), cloud.region(), ACCESS_KEY, SECRET_KEY));
            closeables.add(aws);
            EcsAsyncClient ecs = aws.ecs();
            ElasticLoadBalancingV2AsyncClient elb = aws.elb();

            String cluster = config.actuator().aws().cluster();
            DemoStack stack = new DemoStack(ecs, elb, vertx.getOrCreateContext());
            await(stack.createCluster(cluster));
            await(cloud.addAutoScalingGroup(new AutoScalingGroupSpec(cluster + GROUP_SUFFIX, cluster,
                    fleet.instanceCpu(), fleet.instanceMemory(), 1, fleet.maxInstances(), fleet.instances(), fleet.spot())));
            awaitInstances(ecs, cluster, fleet.instances(), cloudSettings.instanceBootDelay().plusSeconds(30));

            Map<String, LoadBalancer> balancers = new LinkedHashMap<>();
            Map<String, String> targetGroups = new LinkedHashMap<>();
            int nextPort = firstLbPort;
            for (var service : config.services().values()) {
                var placement = service.placement();
                if (scalesToZero(service)) {
                    // A worker that scales to zero has no load balancer: one behind a target group is
                    // kept at 1 task by the actuator (at 0 nothing would wake it).
                    await(stack.createWorkerService(cluster, new DemoStack.ServiceSpec(service.id(), TASK_CPU, TASK_MEMORY,
                            CONTAINER_PORT, service.initialTasks())));
                    continue;
                }
                if (placement.taskMode()) {
                    await(stack.createTaskModeService(new DemoStack.TaskModeSpec(placement.targetGroup(),
                            placement.taskDefinition(), placement.containerName(), placement.cpu(), placement.memoryMiB(),
                            placement.containerPort())));
                } else {
                    await(stack.createService(cluster, new DemoStack.ServiceSpec(service.id(), TASK_CPU, TASK_MEMORY,
                            CONTAINER_PORT, service.initialTasks())));
                }
                String group = placement.taskMode() ? placement.targetGroup() : service.id();
                targetGroups.put(service.id(), group);
                var lb = new LoadBalancer("127.0.0.1", nextPort, group, cloud.healthyTargets(), 30_000);
                await(vertx.deployVerticle(lb));
                balancers.put(service.id(), lb);
                nextPort = nextPort == 0 ? 0 : nextPort + 1;
            }
            LocalWorld world = new LocalWorld(broker, vertx, bootstrap, cloud, balancers, aws, closeables,
                    demandEvents, topics.demand(), targetGroups);
            for (var service : config.services().values()) {
                if (!service.placement().taskMode()) {
                    world.awaitHealthy(service.id(), service.initialTasks(), Duration.ofSeconds(60));
                }
            }
            LOG.info("local world ready: Kafka {}, local cloud {}, cluster '{}' with {} instances, load balancers {}",
                    bootstrap, cloud.endpoint(), cluster, fleet.instances(), world.loadBalancerPorts());
            return world;
        } catch (Exception e) {
            closeAll(closeables);
            vertx.close();
            if (broker != null) {
                broker.close();
            }
            throw e;
        }
    }

    /**
     * The services that scale to zero: queue workers, with no load balancer and no request events
     * (a worker pulls jobs; it serves no requests).
     */
    static Set<String> workers(MicroscalerConfig config) {
        return config.services().values().stream().filter(LocalWorld::scalesToZero).map(ServiceConfig::id)
                .collect(Collectors.toUnmodifiableSet());
    }

    private static boolean scalesToZero(ServiceConfig service) {
        return service.policy().minTasks() == 0;
    }

    /** The keys that point the autoscaler at this world: its Kafka, and the local cloud with dummy credentials. */
    public Map<String, String> autoscalerOverrides() {
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("kafka.bootstrapServers", bootstrapServers);
        overrides.put("actuator.target", "ecs");
        overrides.put("actuator.aws.endpoint", cloud.endpoint().toString());
        overrides.put("actuator.aws.region", cloud.region());
        overrides.put("actuator.aws.credentials", "static");
        overrides.put("actuator.aws.accessKeyId", ACCESS_KEY);
        overrides.put("actuator.aws.secretAccessKey", SECRET_KEY);
        return overrides;
    }

    public Vertx vertx() {
        return vertx;
    }

    public LocalCloud cloud() {
        return cloud;
    }

    public URI cloudEndpoint() {
        return cloud.endpoint();
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** Each service's load balancer port. */
    public Map<String, Integer> loadBalancerPorts() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        loadBalancers.forEach((service, lb) -> ports.put(service, lb.port()));
        return java.util.Collections.unmodifiableMap(ports);
    }

    /** The service's load balancer, e.g. for what it saw of traffic from outside ({@link LoadBalancer#traffic()}). */
    public LoadBalancer loadBalancer(String service) {
        LoadBalancer lb = loadBalancers.get(service);
        if (lb == null) {
            throw new IllegalArgumentException("no load balancer for service '" + service + "'; there are " + loadBalancers.keySet());
        }
        return lb;
    }

    public EcsAsyncClient ecs() {
        return ecs;
    }

    public ElasticLoadBalancingV2AsyncClient elb() {
        return elb;
    }

    public software.amazon.awssdk.services.autoscaling.AutoScalingAsyncClient autoScaling() {
        return aws.autoScaling();
    }

    /** How many targets of the service's target group are healthy now (the load balancer's view). */
    public int healthyTargets(String service) {
        return cloud.healthyTargets().of(targetGroups.getOrDefault(service, service)).size();
    }

    /** Sends a demand event for the service, as a queue's monitor would (e.g. its depth once a second). */
    public void sendDemand(String service, DemandKind kind, double value) {
        String json = "{\"v\":1,\"service\":" + io.vertx.core.json.Json.encode(service) + ",\"ts\":"
                + System.currentTimeMillis() + ",\"kind\":\"" + kind.wireName() + "\",\"value\":" + value + "}";
        demandEvents.send(demandTopic, service, json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Waits (on the calling thread, not an event loop) until the service has this many healthy targets. */
    public void awaitHealthy(String service, int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (healthyTargets(service) < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("service '" + service + "' did not get " + count
                        + " healthy targets within " + timeout.toSeconds() + " s (has " + healthyTargets(service) + ")");
            }
            TimeUnit.MILLISECONDS.sleep(100); // the main thread waiting for start-up, not an event loop
        }
    }

    private static void awaitInstances(EcsAsyncClient ecs, String cluster, int count, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (ecs.listContainerInstances(b -> b.cluster(cluster)).get(10, TimeUnit.SECONDS)
                .containerInstanceArns().size() < count) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(count + " container instances did not join cluster '" + cluster
                        + "' within " + timeout.toSeconds() + " s");
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        List<AutoCloseable> reversed = new ArrayList<>(closeables);
        java.util.Collections.reverse(reversed);
        closeAll(reversed);
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("closing the local world's Vert.x: {}", e.toString());
        }
        if (broker != null) {
            broker.close();
        }
    }

    private static void closeAll(List<AutoCloseable> closeables) {
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.debug("closing {}: {}", c, e.toString());
            }
        }
    }
}
