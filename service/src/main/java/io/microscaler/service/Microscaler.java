package io.microscaler.service;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.microscaler.actuate.ActuatorVerticle;
import io.microscaler.admin.AdminBoard;
import io.microscaler.admin.AdminStateVerticle;
import io.microscaler.actuate.DryRunTarget;
import io.microscaler.actuate.ScalingTarget;
import io.microscaler.actuate.aws.AwsCallListener;
import io.microscaler.actuate.aws.AwsCalls;
import io.microscaler.actuate.aws.AwsClients;
import io.microscaler.actuate.aws.AwsSettings;
import io.microscaler.actuate.aws.EcsClusterCapacity;
import io.microscaler.actuate.aws.EcsServiceTarget;
import io.microscaler.actuate.aws.EcsTaskTarget;
import io.microscaler.actuate.aws.ScalableTargetCalls;
import io.microscaler.actuate.aws.ShadowServiceTarget;
import io.microscaler.actuate.aws.TakeOverTarget;
import io.microscaler.api.Actuation;
import io.microscaler.api.ApiVerticle;
import io.microscaler.api.ServiceTargets;
import io.microscaler.audit.DecisionAuditVerticle;
import io.microscaler.bus.Codecs;
import io.microscaler.capacity.ClusterCapacityVerticle;
import io.microscaler.capacity.ClusterEventsVerticle;
import io.microscaler.capacity.ClusterPlannerVerticle;
import io.microscaler.capacity.GrantsVerticle;
import io.microscaler.capacity.WishRelayVerticle;
import io.microscaler.capacity.HeadroomRunner;
import io.microscaler.cluster.HeadroomRule;
import io.microscaler.cluster.PlannerStage;
import io.microscaler.config.ActuatorConfig;
import io.microscaler.config.ConfigException;
import io.microscaler.config.MicroscalerConfig;
import io.microscaler.config.ServiceConfig;
import io.microscaler.evaluate.ServiceEvaluator;
import io.microscaler.ingest.IngestVerticle;
import io.microscaler.ingest.RejectReason;
import io.microscaler.kafka.KafkaAccessException;
import io.microscaler.kafka.KafkaClientProperties;
import io.microscaler.kafka.Topics;
import io.microscaler.observability.ActuatorMeters;
import io.microscaler.observability.ClusterGauges;
import io.microscaler.observability.DecisionMeters;
import io.microscaler.observability.IngestMeters;
import io.microscaler.observability.Metrics;
import io.microscaler.observability.ServiceSettingsGauges;
import io.microscaler.policy.ScalingPolicy;
import io.microscaler.policy.ScheduledBounds;
import io.microscaler.policy.ServicePolicy;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root of the production service. {@link #start} reads top to bottom in the order
 * data flows: infrastructure (metrics, Vert.x, the AWS clients and their call policy) → pipeline
 * (API, actuator, audit, ingest with evaluation) → cluster (the capacity loop and the planner, with
 * {@code cluster.enabled}).
 *
 * <p>It starts no broker and no emulator: it uses the Kafka brokers and AWS endpoints it is
 * configured with, and an unset {@code kafka.bootstrapServers} is a configuration error. The local
 * world of the demo lives in the {@code demo} module and hands its addresses in as configuration.
 */
public final class Microscaler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Microscaler.class);

    /** How long {@link #close()} waits for Vert.x (and so for the Kafka clients) at most. */
    public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(6);

    private final Infrastructure infra;
    private final ApiVerticle api;
    private final String bootstrapServers;

    private Microscaler(Infrastructure infra, ApiVerticle api, String bootstrapServers) {
        this.infra = infra;
        this.api = api;
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * Starts everything and completes once all verticles are deployed.
     *
     * @throws ConfigException before anything starts, when {@code kafka.bootstrapServers} is not set
     */
    public static Future<Microscaler> start(MicroscalerConfig config, Clock clock) {
        String bootstrap = config.kafka().requiredBootstrapServers();
        Infrastructure infra = Infrastructure.create(config, clock);
        Vertx vertx = infra.vertx();
        int ingestInstances = config.ingest().instances() > 0
                ? config.ingest().instances() : Runtime.getRuntime().availableProcessors();
        ApiVerticle api = new ApiVerticle(config.http().host(), config.http().port(), ingestInstances,
                KafkaClientProperties.admin(config.kafka(), bootstrap, "microscaler-api"), infra.registry(),
                ServiceTargets.of(config.services()), clock, config.http().stream(), config.http().readiness(),
                Actuation.of(config.actuator()), config.admin(), infra.overrides());
        ScalingTarget target = infra.aws().map(aws -> ecsTarget(config, vertx, aws, infra.calls(), clock))
                .orElseGet(() -> dryRun(config));
        IngestMeters ingestMeters = ingestMeters(infra.registry(), config);

        // The API first: a port in use is found in milliseconds, not after the broker and AWS checks
        // (which took ~25 s against an unreachable broker), and reported with the setting that chose it.
        Future<Microscaler> started = vertx.deployVerticle(api)
                .recover(e -> Future.failedFuture(HttpPortInUse.explain(e, config.http())))
                .compose(id -> Topics.ensure(vertx, config.kafka(), bootstrap, clusterLoop(config, infra),
                        config.anyPredictive()))
                .compose(v -> infra.resolveCredentials())
                // operators' overrides, read whole before anything is decided or applied
                .compose(v -> vertx.deployVerticle(new AdminStateVerticle(config.kafka().topics().admin(),
                        KafkaClientProperties.reader(config.kafka(), bootstrap, "microscaler-admin-reader"),
                        KafkaClientProperties.producer(config.kafka(), bootstrap, "microscaler-admin-writer"),
                        infra.overrides(), clock, config.admin().enabled()))
                        // the first read of the broker when topics are managed elsewhere: a refusal says why
                        .recover(e -> Future.failedFuture(KafkaAccessException.explain(e, config.kafka(), bootstrap,
                                "reading the operators' overrides from " + config.kafka().topics().admin()))))
                // pipeline: actuator, audit, then ingest (windows, policies, decisions)
                .compose(id -> vertx.deployVerticle(new ActuatorVerticle(target, config.services().keySet(),
                        config.actuator().reconcileInterval(), clock, infra.actuatorMeters(), actuatorSource(config, infra))
                        .pausedWhen(infra.overrides()::paused)))
                .compose(id -> vertx.deployVerticle(new DecisionAuditVerticle(config.kafka().topics().decisions(),
                        KafkaClientProperties.producer(config.kafka(), bootstrap, "microscaler-audit"),
                        new DecisionMeters(infra.registry()), config.actuator().shadow())))
                // with cluster.enabled, the planner's plumbing, before the first decision
                .compose(id -> deployPlanRelays(config, infra, bootstrap, ingestMeters))
                .compose(id -> vertx.deployVerticle(
                        () -> new IngestVerticle(config, bootstrap, clock, ingestMeters, evaluator(config, infra.overrides())),
                        new DeploymentOptions().setInstances(ingestInstances)))
                // cluster: capacity, planner and cluster events, when enabled
                .compose(id -> deployCluster(config, infra, bootstrap, ingestMeters, clock))
                .map(id -> {
                    LOG.info("microscaler running: {} ingest consumer(s), {} service(s) {}, actuator {}, Kafka {}",
                            ingestInstances, config.services().size(), config.services().keySet(), target.name(),
                            bootstrap);
                    return new Microscaler(infra, api, bootstrap);
                });
        // The failure is reported at once and Vert.x closed on a thread of its own: this runs on an
        // event loop, and closing there waited for Vert.x to stop while holding one of its threads
        // (30 s, then exit 1, after a port in use); nor can it wait for the close's future, whose
        // callbacks would run on the event loop being closed.
        return started.recover(e -> {
            Thread closing = new Thread(infra::close, "microscaler-close-after-failed-start");
            closing.setDaemon(true);
            closing.start();
            return Future.failedFuture(e);
        });
    }

    /**
     * ECS: service mode by default, task mode (microscaling) for the services configured so. In
     * shadow mode service mode only reads (the configuration refuses shadow with task-mode services).
     */
    private static ScalingTarget ecsTarget(MicroscalerConfig config, Vertx vertx, AwsClients aws, AwsCalls calls,
                                           Clock clock) {
        Map<String, EcsServiceTarget.Bounds> bounds = config.services().values().stream().collect(Collectors.toMap(
                ServiceConfig::id, s -> {
                    // widest of the service's and its schedules' bounds: any may be in force when a count is sent
                    ScheduledBounds outer = ScheduledBounds.outer(s.policy());
                    return new EcsServiceTarget.Bounds(outer.minTasks(), outer.maxTasks());
                }));
        EcsServiceTarget serviceMode = new EcsServiceTarget(aws.ecs(), aws.elb(), calls,
                config.actuator().aws().cluster(), bounds, calls.listener());
        ScalingTarget target = config.actuator().shadow() ? new ShadowServiceTarget(serviceMode)
                : EcsTaskTarget.alongside(serviceMode, TaskModes.of(config, clock.instant()), vertx, aws, calls, calls.listener());
        // Beside Application Auto Scaling: service-mode services it scales are held or taken over.
        Map<String, Boolean> takeOver = config.services().values().stream().filter(s -> !s.placement().taskMode())
                .collect(Collectors.toMap(ServiceConfig::id, ServiceConfig::takeOver));
        return new TakeOverTarget(target, new ScalableTargetCalls(aws.applicationAutoScaling(), calls,
                config.actuator().aws().cluster()), takeOver, config.actuator().shadow(),
                config.actuator().handBackOnStop());
    }

    /** With {@code cluster.enabled} the planner stands between the policies and the actuator. */
    private static ActuatorVerticle.Source actuatorSource(MicroscalerConfig config, Infrastructure infra) {
        return clusterLoop(config, infra) ? ActuatorVerticle.Source.PLANNER : ActuatorVerticle.Source.POLICIES;
    }

    private static boolean clusterLoop(MicroscalerConfig config, Infrastructure infra) {
        return config.cluster().enabled() && infra.aws().isPresent();
    }

    private static ScalingTarget dryRun(MicroscalerConfig config) {
        return new DryRunTarget(config.services().values().stream()
                .collect(Collectors.toMap(ServiceConfig::id, ServiceConfig::initialTasks)));
    }

    /**
     * With {@code cluster.enabled} (and the ECS actuator): the capacity loop that keeps schedulable
     * headroom within its thresholds, the planner that turns wishes into grants, and the cluster
     * topic's reader.
     */
    private static Future<?> deployCluster(MicroscalerConfig config, Infrastructure infra, String bootstrap,
                                           IngestMeters ingestMeters, Clock clock) {
        if (!clusterLoop(config, infra)) {
            return Future.succeededFuture();
        }
        Vertx vertx = infra.vertx();
        var capacity = new EcsClusterCapacity(infra.aws().get(), infra.calls(), config.actuator().aws().cluster(),
                Optional.of(config.cluster().autoScalingGroup()));
        var headroom = new HeadroomRunner(new HeadroomRule(config.cluster().headroom()));
        ClusterGauges.register(infra.registry(), headroom::last);
        ingestMeters.topic(config.kafka().topics().cluster());
        return vertx.deployVerticle(new ClusterCapacityVerticle(capacity, headroom, config.cluster().scaleInterval(), clock))
                .compose(id -> vertx.deployVerticle(new ClusterPlannerVerticle(
                        seqFloor -> new PlannerStage(plannedServices(config), seqFloor), capacity::read,
                        config.cluster().scaleInterval(), clock, config.kafka(), bootstrap, ingestMeters)))
                .compose(id -> vertx.deployVerticle(new ClusterEventsVerticle(config, bootstrap, ingestMeters)));
    }

    /**
     * With {@code cluster.enabled}: every instance writes its services' wishes for the one planner
     * and applies the planner's grants for the services it owns (the planner itself runs where the
     * cluster is led, see {@link #deployCluster}).
     */
    private static Future<?> deployPlanRelays(MicroscalerConfig config, Infrastructure infra, String bootstrap,
                                              IngestMeters ingestMeters) {
        if (!clusterLoop(config, infra)) {
            return Future.succeededFuture();
        }
        Vertx vertx = infra.vertx();
        Set<String> services = config.services().keySet();
        return vertx.deployVerticle(new GrantsVerticle(config.kafka(), bootstrap, services, ingestMeters))
                .compose(id -> vertx.deployVerticle(new WishRelayVerticle(config.kafka(), bootstrap, services)));
    }

    /** Each service's priority, minimum, task size and Fargate permission, as the planner weighs them. */
    static Map<String, PlannerStage.Service> plannedServices(MicroscalerConfig config) {
        return config.services().values().stream().collect(Collectors.toMap(ServiceConfig::id,
                s -> new PlannerStage.Service(s.placement().priority(), s.policy().minTasks(),
                        s.placement().taskSize(), s.placement().fargate(), ScheduledBounds.of(s.policy().schedules()))));
    }

    private static IngestMeters ingestMeters(PrometheusMeterRegistry registry, MicroscalerConfig config) {
        IngestMeters meters = new IngestMeters(registry);
        meters.topic(config.kafka().topics().requests());
        meters.topic(config.kafka().topics().demand());
        meters.deadLetterReasons(Arrays.stream(RejectReason.values()).map(RejectReason::label).toList());
        return meters;
    }

    private static void serviceGauges(PrometheusMeterRegistry registry, MicroscalerConfig config, Clock clock) {
        config.services().values().forEach(s -> ServiceSettingsGauges.register(registry, s.id(), s.policy(), clock));
        Gauge.builder("microscaler_services_configured", config.services()::size)
                .description("Services under services in the configuration").register(registry);
    }

    /** The policies, with operators' pauses and pins over them (clamped to each service's bounds). */
    private static ServiceEvaluator evaluator(MicroscalerConfig config, AdminBoard overrides) {
        Map<String, ServiceEvaluator.Bounds> bounds = config.services().values().stream().collect(Collectors.toMap(
                ServiceConfig::id, s -> new ServiceEvaluator.Bounds(s.policy().minTasks(), s.policy().maxTasks(),
                        ScheduledBounds.of(s.policy().schedules()))));
        return new ServiceEvaluator(policies(config), overrides::get, bounds);
    }

    private static Map<String, ScalingPolicy> policies(MicroscalerConfig config) {
        return config.services().values().stream()
                .collect(Collectors.toMap(ServiceConfig::id, s -> new ServicePolicy(s.policy())));
    }

    public int httpPort() {
        return api.actualPort();
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public Vertx vertx() {
        return infra.vertx();
    }

    public PrometheusMeterRegistry registry() {
        return infra.registry();
    }

    /**
     * Stops the verticles (consumers leave the group, producers flush), then the AWS clients,
     * waiting at most {@link #CLOSE_TIMEOUT} for Vert.x.
     */
    @Override
    public void close() {
        close(CLOSE_TIMEOUT);
    }

    /**
     * As {@link #close()}, waiting at most {@code timeout} for Vert.x: with the broker reachable the
     * consumers' last commits and group leave take milliseconds; with it gone, a Kafka consumer's
     * close would wait 30 s for it, which no stop should.
     */
    public void close(Duration timeout) {
        infra.close(timeout);
    }

    /**
     * What every stage shares: the metrics registry, Vert.x with metrics, and for the ECS actuator
     * the AWS clients with one call policy (retries, deadline, one token bucket per API for every
     * caller in this process).
     */
    private record Infrastructure(PrometheusMeterRegistry registry, Vertx vertx, ActuatorMeters actuatorMeters,
                                  Optional<AwsClients> aws, AwsCalls calls, AdminBoard overrides) {

        static Infrastructure create(MicroscalerConfig config, Clock clock) {
            PrometheusMeterRegistry registry = Metrics.newRegistry();
            Vertx vertx = Vertx.builder()
                    .with(new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions().setEnabled(true)))
                    .withMetrics(new MicrometerMetricsFactory(registry))
                    .build();
            Codecs.register(vertx.eventBus());
            serviceGauges(registry, config, clock);
            if (config.actuator().target() != ActuatorConfig.Target.ECS) {
                return new Infrastructure(registry, vertx, new ActuatorMeters(registry, DryRunTarget.NAME),
                        Optional.empty(), null, new AdminBoard());
            }
            ActuatorMeters meters = new ActuatorMeters(registry,
                    config.actuator().shadow() ? ShadowServiceTarget.NAME : EcsServiceTarget.NAME);
            AwsClients aws = AwsClients.create(AwsSettings.from(config.actuator().aws()));
            AwsCalls calls = new AwsCalls(vertx, AwsCalls.Settings.from(config.actuator().aws()),
                    AwsCallListener.meters(meters, java.util.stream.Stream.concat(EcsServiceTarget.APIS.stream(),
                            ScalableTargetCalls.APIS.stream()).toList()));
            return new Infrastructure(registry, vertx, meters, Optional.of(aws), calls, new AdminBoard());
        }

        /** The default credential chain may read files or call a metadata endpoint: not on an event loop. */
        Future<Void> resolveCredentials() {
            return aws.map(clients -> vertx.<Void>executeBlocking(() -> {
                clients.resolveCredentials();
                return null;
            })).orElse(Future.succeededFuture());
        }

        void close() {
            close(CLOSE_TIMEOUT);
        }

        void close(Duration timeout) {
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                LOG.warn("Vert.x did not close within {} ms (a Kafka client waiting for an unreachable broker?);"
                        + " going on without it", timeout.toMillis());
            } catch (Exception e) {
                LOG.warn("closing Vert.x: {}", e.toString());
            }
            aws.ifPresent(AwsClients::close);
        }
    }
}
