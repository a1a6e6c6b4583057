package io.microscaler;

import io.microscaler.actuate.ActuatorVerticle;
import io.microscaler.actuate.DryRunTarget;
import io.microscaler.actuate.ScalingTarget;
import io.microscaler.actuate.aws.AwsCallListener;
import io.microscaler.actuate.aws.AwsCalls;
import io.microscaler.actuate.aws.AwsClients;
import io.microscaler.actuate.aws.AwsSettings;
import io.microscaler.actuate.aws.EcsServiceTarget;
import io.microscaler.actuate.aws.EcsTaskTarget;
import io.microscaler.actuate.tasks.AwsvpcNetwork;
import io.microscaler.actuate.tasks.TaskModeSettings;
import io.microscaler.config.ActuatorConfig;
import io.microscaler.api.ApiVerticle;
import io.microscaler.api.ServiceTargets;
import io.microscaler.audit.DecisionAuditVerticle;
import io.microscaler.bus.Codecs;
import io.microscaler.config.MicroscalerConfig;
import io.microscaler.config.ServiceConfig;
import io.microscaler.ingest.IngestVerticle;
import io.microscaler.ingest.RejectReason;
import io.microscaler.ingest.ServiceEvaluator;
import io.microscaler.kafka.EmbeddedKafkaBroker;
import io.microscaler.kafka.KafkaClientProperties;
import io.microscaler.kafka.Topics;
import io.microscaler.observability.ActuatorMeters;
import io.microscaler.observability.DecisionMeters;
import io.microscaler.observability.IngestMeters;
import io.microscaler.observability.Metrics;
import io.microscaler.observability.ServiceSettingsGauges;
import io.microscaler.policy.ScalingPolicy;
import io.microscaler.policy.ServicePolicy;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: reads top to bottom in the order data flows. Kafka broker (embedded when
 * none is configured) → topics → API → actuator → audit → ingest (windows, policy, decisions).
 */
public final class Microscaler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Microscaler.class);

    private final EmbeddedKafkaBroker broker;
    private final Vertx vertx;
    private final String bootstrapServers;
    private final ApiVerticle api;
    private final PrometheusMeterRegistry registry;
    private final AwsClients aws;

    private Microscaler(EmbeddedKafkaBroker broker, Vertx vertx, String bootstrapServers, ApiVerticle api,
                        PrometheusMeterRegistry registry, AwsClients aws) {
        this.aws = aws;
        this.broker = broker;
        this.vertx = vertx;
        this.bootstrapServers = bootstrapServers;
        this.api = api;
        this.registry = registry;
    }

    /**
     * Starts everything and completes once all verticles are deployed. Blocks the calling thread
     * while an embedded broker starts (a few seconds), so call it from {@code main} or a test, never
     * from an event loop.
     */
    public static Future<Microscaler> start(MicroscalerConfig config, Clock clock) {
        EmbeddedKafkaBroker broker = null;
        String bootstrap = config.kafka().bootstrapServers();
        if (config.kafka().embedded()) {
            LOG.info("no kafka.bootstrapServers configured: starting an embedded Kafka broker");
            broker = EmbeddedKafkaBroker.start();
            bootstrap = broker.bootstrapServers();
        }
        PrometheusMeterRegistry registry = Metrics.newRegistry();
        Vertx vertx = Vertx.builder()
                .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)))
                .withMetrics(new MicrometerMetricsFactory(registry))
                .build();
        Codecs.register(vertx.eventBus());

        int ingestInstances = config.ingest().instances() > 0
                ? config.ingest().instances() : Runtime.getRuntime().availableProcessors();
        ApiVerticle api = new ApiVerticle(config.http().host(), config.http().port(), ingestInstances,
                KafkaClientProperties.admin(config.kafka(), bootstrap, "microscaler-api"), registry,
                ServiceTargets.of(config.services()), clock);
        ActuatorMeters actuatorMeters;
        ScalingTarget target;
        AwsClients aws = null;
        if (config.actuator().target() == ActuatorConfig.Target.ECS) {
            actuatorMeters = new ActuatorMeters(registry, EcsServiceTarget.NAME);
            aws = AwsClients.create(AwsSettings.from(config.actuator().aws(), Optional.empty()));
            target = ecsTarget(config, vertx, aws, actuatorMeters);
        } else {
            target = new DryRunTarget(config.services().values().stream()
                    .collect(Collectors.toMap(ServiceConfig::id, ServiceConfig::initialTasks)));
            actuatorMeters = new ActuatorMeters(registry, target.name());
        }
        AwsClients awsClients = aws;
        ScalingTarget scalingTarget = target;
        ServiceEvaluator evaluator = new ServiceEvaluator(policies(config));
        IngestMeters ingestMeters = new IngestMeters(registry);
        ingestMeters.topic(config.kafka().topics().requests());
        ingestMeters.topic(config.kafka().topics().demand());
        ingestMeters.deadLetterReasons(java.util.Arrays.stream(RejectReason.values()).map(RejectReason::label).toList());
        config.services().values().forEach(s -> ServiceSettingsGauges.register(registry, s.id(), s.policy()));
        io.micrometer.core.instrument.Gauge.builder("microscaler_services_configured", config.services()::size)
                .description("Services under services in the configuration").register(registry);
        String bootstrapServers = bootstrap;
        EmbeddedKafkaBroker startedBroker = broker;

        Future<Microscaler> started = Topics.ensure(vertx, config.kafka(), bootstrap)
                // The default credential chain may read files or call an instance metadata endpoint: not on an event loop
                .compose(v -> awsClients == null ? Future.succeededFuture() : vertx.executeBlocking(() -> {
                    awsClients.resolveCredentials();
                    return null;
                }))
                .compose(v -> vertx.deployVerticle(api))
                .compose(id -> vertx.deployVerticle(new ActuatorVerticle(scalingTarget, config.services().keySet(),
                        config.actuator().reconcileInterval(), clock, actuatorMeters,
                        planned(config, awsClients) ? io.microscaler.bus.Addresses.PLANNED_DECISIONS
                                : io.microscaler.bus.Addresses.DECISIONS)))
                .compose(id -> deployCluster(config, vertx, awsClients, bootstrapServers, ingestMeters, actuatorMeters, clock, registry))
                .compose(id -> vertx.deployVerticle(new DecisionAuditVerticle(config.kafka().topics().decisions(),
                        KafkaClientProperties.producer(config.kafka(), bootstrapServers, "microscaler-audit"),
                        new DecisionMeters(registry))))
                .compose(id -> vertx.deployVerticle(
                        () -> new IngestVerticle(config, bootstrapServers, clock, ingestMeters, evaluator),
                        new DeploymentOptions().setInstances(ingestInstances)))
                .map(id -> {
                    LOG.info("microscaler running: {} ingest consumer(s), {} service(s) {}, actuator {}, Kafka {}",
                            ingestInstances, config.services().size(), config.services().keySet(), scalingTarget.name(),
                            bootstrapServers);
                    return new Microscaler(startedBroker, vertx, bootstrapServers, api, registry, awsClients);
                });
        return started.recover(e -> {
            vertx.close();
            if (awsClients != null) {
                awsClients.close();
            }
            if (startedBroker != null) {
                startedBroker.close();
            }
            return Future.failedFuture(e);
        });
    }

    /** ECS service mode: the same code for AWS and for the local cloud; only endpoint and credentials differ. */
    private static ScalingTarget ecsTarget(MicroscalerConfig config, Vertx vertx, AwsClients aws, ActuatorMeters meters) {
        ActuatorConfig.Aws settings = config.actuator().aws();
        AwsCallListener listener = AwsCallListener.meters(meters, EcsServiceTarget.APIS);
        AwsCalls calls = new AwsCalls(vertx, new AwsCalls.Settings(settings.retry().maxAttempts(),
                settings.retry().baseDelay(), settings.retry().maxDelay(), settings.retry().deadline(),
                settings.callsPerSecond(), settings.burst()), listener);
        Map<String, EcsServiceTarget.Bounds> bounds = config.services().values().stream().collect(Collectors.toMap(
                ServiceConfig::id, s -> new EcsServiceTarget.Bounds(s.policy().minTasks(), s.policy().maxTasks())));
        EcsServiceTarget serviceMode = new EcsServiceTarget(aws.ecs(), aws.elb(), calls, settings.cluster(), bounds, listener);
        // Task mode (microscaling): these services run single tasks behind their own target groups; the rest stay in service mode.
        return EcsTaskTarget.alongside(serviceMode, taskModes(config), vertx, aws, calls, listener);
    }

    /** Services in task mode ({@code mode: tasks}), by service id. */
    static Map<String, TaskModeSettings> taskModes(MicroscalerConfig config) {
        Map<String, TaskModeSettings> taskModes = new java.util.LinkedHashMap<>();
        config.services().values().stream().filter(s -> s.placement().taskMode()).forEach(s -> {
            TaskModeSettings settings = TaskModeSettings.ec2(config.actuator().aws().cluster(), s.placement().taskDefinition(),
                    s.placement().targetGroup(), s.placement().containerName(), s.placement().containerPort())
                    .withInitialCount(Math.max(s.initialTasks(), s.policy().minTasks()));
            taskModes.put(s.id(), !s.placement().fargate() ? settings : settings.withFargateOverflow(
                    new AwsvpcNetwork(config.cluster().fargateSubnets(), config.cluster().fargateSecurityGroups())));
        });
        return taskModes;
    }

    /**
     * With {@code cluster.enabled} (and the ECS actuator): the cluster topic's reader, and the
     * capacity loop that keeps schedulable-task headroom within its thresholds on whichever
     * instance leads the cluster.
     */
    private static Future<?> deployCluster(MicroscalerConfig config, Vertx vertx, AwsClients aws, String bootstrap,
                                           IngestMeters ingestMeters, ActuatorMeters meters, Clock clock,
                                           PrometheusMeterRegistry registry) {
        if (!config.cluster().enabled() || aws == null) {
            return Future.succeededFuture();
        }
        ActuatorConfig.Aws settings = config.actuator().aws();
        AwsCalls calls = new AwsCalls(vertx, new AwsCalls.Settings(settings.retry().maxAttempts(),
                settings.retry().baseDelay(), settings.retry().maxDelay(), settings.retry().deadline(),
                settings.callsPerSecond(), settings.burst()), AwsCallListener.meters(meters, EcsServiceTarget.APIS));
        var capacity = new io.microscaler.actuate.aws.EcsClusterCapacity(aws, calls, settings.cluster(),
                Optional.of(config.cluster().autoScalingGroup()));
        var headroom = new io.microscaler.actuate.HeadroomRunner(new io.microscaler.cluster.HeadroomRule(config.cluster().headroom()));
        io.microscaler.observability.ClusterGauges.register(registry, headroom::last);
        ingestMeters.topic(config.kafka().topics().cluster());
        return vertx.deployVerticle(new io.microscaler.actuate.ClusterCapacityVerticle(capacity, headroom,
                        config.cluster().scaleInterval(), clock))
                // The planner in front of the actuator: it applies grants, not raw wishes (see docs/architecture.md)
                .compose(id -> vertx.deployVerticle(new io.microscaler.actuate.ClusterPlannerVerticle(
                        new io.microscaler.actuate.PlannerStage(plannedServices(config)), capacity::read,
                        config.cluster().scaleInterval(), clock)))
                .compose(id -> vertx.deployVerticle(new io.microscaler.ingest.ClusterEventsVerticle(config, bootstrap, ingestMeters)));
    }

    /** Whether the cluster planner stands between the policies' decisions and the actuator. */
    private static boolean planned(MicroscalerConfig config, AwsClients aws) {
        return config.cluster().enabled() && aws != null;
    }

    /** Each service's priority, minimum, task size and Fargate permission, as the planner weighs them. */
    static Map<String, io.microscaler.actuate.PlannerStage.Service> plannedServices(MicroscalerConfig config) {
        return config.services().values().stream().collect(Collectors.toMap(ServiceConfig::id,
                s -> new io.microscaler.actuate.PlannerStage.Service(s.placement().priority(), s.policy().minTasks(),
                        s.placement().taskSize(), s.placement().fargate())));
    }

    private static Map<String, ScalingPolicy> policies(MicroscalerConfig config) {
        Map<String, ScalingPolicy> policies = new HashMap<>();
        config.services().forEach((id, service) -> policies.put(id, new ServicePolicy(service.policy())));
        return policies;
    }

    public int httpPort() {
        return api.actualPort();
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public Vertx vertx() {
        return vertx;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** Stops the verticles (consumers leave the group, producers flush), then the embedded broker. */
    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("closing Vert.x: {}", e.toString());
        }
        if (aws != null) {
            aws.close();
        }
        if (broker != null) {
            broker.close();
        }
    }
}
