package io.microscaler.localcloud;

import io.microscaler.localcloud.appautoscaling.ApplicationAutoScalingApi;
import io.microscaler.localcloud.appautoscaling.ScalableTargets;
import io.microscaler.localcloud.autoscaling.AutoScalingApi;
import io.microscaler.localcloud.ecs.Arns;
import io.microscaler.localcloud.ecs.EcsApi;
import io.microscaler.localcloud.ecs.EcsEngine;
import io.microscaler.localcloud.ecs.Timers;
import io.microscaler.localcloud.elb.ElbV2Api;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Holds all emulated state on its context: the ELBv2, Auto Scaling, Application Auto Scaling and ECS emulations, the service
 * scheduler's tick and the HTTP server that serves them.
 */
final class LocalCloudVerticle extends VerticleBase {

    /** How often the service scheduler looks at every service even when nothing asked it to. */
    static final Duration RECONCILE_EVERY = Duration.ofMillis(200);

    private final LocalCloudSettings settings;
    private final ContainerRuntime runtime;
    private final HealthProbe probe;
    private final ClusterEventSink events;
    private final Faults faults;
    private final CallLog calls;
    private volatile int port;
    private volatile ElbV2Api elb;
    private AutoScalingApi autoScaling;
    private EcsEngine ecs;
    private boolean stopped;

    LocalCloudVerticle(LocalCloudSettings settings, ContainerRuntime runtime, HealthProbe probe, ClusterEventSink events,
            Faults faults, CallLog calls) {
        this.calls = calls;
        this.settings = settings;
        this.runtime = runtime;
        this.probe = probe;
        this.events = events;
        this.faults = faults;
    }

    @Override
    public Future<?> start() {
        elb = new ElbV2Api(vertx, settings, probe);
        Timers timers = this::after;
        ecs = new EcsEngine(new Arns(settings.region(), settings.accountId()), Clock.systemUTC(), timers, runtime, elb, events,
                settings.taskStartDelay(), settings.fargateStartDelay(), settings.taskStopTimeout(), settings.seed());
        autoScaling = new AutoScalingApi(vertx, settings, ecs, events);
        vertx.setPeriodic(RECONCILE_EVERY.toMillis(), id -> {
            if (stopped) {
                vertx.cancelTimer(id);
            } else {
                ecs.reconcile();
            }
        });
        ApiRouter router = new ApiRouter(vertx, settings.region(), faults, calls, List.of(new EcsApi(ecs), elb, autoScaling,
                        new ApplicationAutoScalingApi(new ScalableTargets(settings.region(), settings.accountId()),
                                Clock.systemUTC())),
                autoScaling::interruptSpot, autoScaling::recommendRebalance);
        return vertx.createHttpServer()
                .requestHandler(router)
                .listen(settings.port(), settings.host())
                .onSuccess(server -> port = server.actualPort());
    }

    /** Runs {@code action} on this verticle's context after {@code delay}, from whichever thread asks; nothing once stopped. */
    private void after(Duration delay, Runnable action) {
        Runnable guarded = () -> {
            if (!stopped) {
                action.run();
            }
        };
        if (delay.isZero()) {
            context.runOnContext(v -> guarded.run());
        } else if (Vertx.currentContext() == context) {
            vertx.setTimer(Math.max(1, delay.toMillis()), id -> guarded.run());
        } else {
            context.runOnContext(v -> vertx.setTimer(Math.max(1, delay.toMillis()), id -> guarded.run()));
        }
    }

    @Override
    public Future<?> stop() {
        stopped = true;
        return Future.succeededFuture();
    }

    Context context() {
        return context;
    }

    int port() {
        return port;
    }

    HealthyTargets healthyTargets() {
        return elb.healthyTargets();
    }

    AutoScalingApi autoScaling() {
        return autoScaling;
    }

    EcsEngine ecs() {
        return ecs;
    }
}
