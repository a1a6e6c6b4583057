package io.microscaler.localcloud;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.net.URI;
import java.util.function.Supplier;

/**
 * The local cloud, started: an HTTP server on loopback that serves ECS, ELBv2, Auto Scaling and
 * Application Auto Scaling over
 * their real wire protocols (point an SDK client's {@code endpointOverride} at {@link #endpoint()},
 * sign for {@link #region()} with any static credentials), plus the in-process controls the demo and
 * tests need. All emulated state lives on one verticle's context; the methods here hop onto it and
 * may be called from any thread.
 */
public final class LocalCloud {

    private final Vertx vertx;
    private final String deploymentId;
    private final LocalCloudVerticle verticle;
    private final Context context;
    private final LocalCloudSettings settings;
    private final Faults faults;
    private final CallLog calls;
    private Future<Void> closed;

    private LocalCloud(Vertx vertx, String deploymentId, LocalCloudVerticle verticle, LocalCloudSettings settings, Faults faults,
            CallLog calls) {
        this.calls = calls;
        this.vertx = vertx;
        this.deploymentId = deploymentId;
        this.verticle = verticle;
        this.context = verticle.context();
        this.settings = settings;
        this.faults = faults;
    }

    /** Deploys the local cloud and completes once its HTTP server listens. */
    public static Future<LocalCloud> start(Vertx vertx, LocalCloudSettings settings, ContainerRuntime runtime, HealthProbe probe,
            ClusterEventSink events) {
        Faults faults = new Faults(settings.seed());
        CallLog calls = new CallLog();
        LocalCloudVerticle verticle = new LocalCloudVerticle(settings, runtime, probe, events, faults, calls);
        return vertx.deployVerticle(verticle).map(id -> new LocalCloud(vertx, id, verticle, settings, faults, calls));
    }

    /** {@code http://127.0.0.1:<port>}: the endpoint override for every client. */
    public URI endpoint() {
        return URI.create("http://" + settings.host() + ":" + verticle.port());
    }

    public String region() {
        return settings.region();
    }

    public Faults faults() {
        return faults;
    }

    /** Every AWS request so far, by the access key id that signed it and operation. */
    public CallLog calls() {
        return calls;
    }

    /** The load balancer's healthy targets, readable from any thread. */
    public HealthyTargets healthyTargets() {
        return verticle.healthyTargets();
    }

    /** Creates an Auto Scaling group; its instances boot and join their ECS cluster. */
    public Future<Void> addAutoScalingGroup(AutoScalingGroupSpec spec) {
        return onContext(() -> {
            verticle.autoScaling().addGroup(spec);
            return null;
        });
    }

    /** Sends a spot interruption warning for the instance; fails with an {@link AwsError} when it is unknown. */
    public Future<Void> interruptSpot(String instanceId) {
        return onContext(() -> {
            verticle.autoScaling().interruptSpot(instanceId);
            return null;
        });
    }

    /**
     * Sends an EC2 instance rebalance recommendation for a spot instance (nothing is reclaimed);
     * fails with an {@link AwsError} when it is unknown or not spot.
     */
    public Future<Void> recommendRebalance(String instanceId) {
        return onContext(() -> {
            verticle.autoScaling().recommendRebalance(instanceId);
            return null;
        });
    }

    /**
     * Registers an instance with a cluster as the ECS agent would, without Auto Scaling (for tests and
     * for a demo that manages instances itself). The cluster is created when missing.
     */
    public Future<Void> registerContainerInstance(String clusterName, String instanceId, int cpu, int memory, boolean spot) {
        return onContext(() -> {
            verticle.ecs().join(clusterName, instanceId, cpu, memory, spot);
            return null;
        });
    }

    /** The instance is terminated: its tasks stop and it leaves its cluster. */
    public Future<Void> deregisterContainerInstance(String instanceId) {
        return onContext(() -> {
            verticle.ecs().leave(instanceId);
            return null;
        });
    }

    /** Undeploys the local cloud: the server closes and its timers stop. Calling it again returns the same future. */
    public synchronized Future<Void> close() {
        if (closed == null) {
            closed = vertx.undeploy(deploymentId);
        }
        return closed;
    }

    private <T> Future<T> onContext(Supplier<T> action) {
        Promise<T> promise = Promise.promise();
        context.runOnContext(v -> {
            try {
                promise.complete(action.get());
            } catch (RuntimeException e) {
                promise.fail(e);
            }
        });
        return promise.future();
    }
}
