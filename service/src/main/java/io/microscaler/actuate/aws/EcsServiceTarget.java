package io.microscaler.actuate.aws;

import io.microscaler.actuate.Problem;
import io.microscaler.actuate.ScalingTarget;
import io.microscaler.policy.Capacity;
import io.vertx.core.Future;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ecs.EcsAsyncClient;
import software.amazon.awssdk.services.ecs.model.ClusterNotFoundException;
import software.amazon.awssdk.services.ecs.model.DescribeServicesResponse;
import software.amazon.awssdk.services.ecs.model.Failure;
import software.amazon.awssdk.services.ecs.model.LoadBalancer;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceNotActiveException;
import software.amazon.awssdk.services.ecs.model.ServiceNotFoundException;
import software.amazon.awssdk.services.ecs.model.UpdateServiceResponse;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2AsyncClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;

/**
 * ECS service mode: a service's task count is its ECS service's {@code desiredCount}; ECS starts
 * and stops tasks and registers them with the load balancer. The ECS service name is the
 * microscaler service id.
 *
 * <ul>
 *   <li>{@link #apply}: {@code UpdateService(desiredCount)}, then {@code DescribeServices} to read
 *       the counts back (the update's own response stands in if the read-back fails).</li>
 *   <li>{@link #observe} (the reconciler's read) and {@link #read}: {@code DescribeServices}, and a
 *       repair: if ECS's desired count is not the one microscaler last applied (someone changed
 *       it, or an apply was lost after retries) it is applied again. Both also count the healthy
 *       targets of the service's first target group ({@code DescribeTargetHealth}), report them
 *       to the listener (the healthy-tasks gauge) and keep them for {@link #lastHealthy} (the status page).</li>
 * </ul>
 *
 * <p>One operation per service at a time is the actuator's contract ({@link ScalingTarget}), so
 * an apply and a read of one service never overlap here. Bounds are the policy's job; as a last line of defence a service's configured
 * {@link Bounds} clamp what is sent. Calls go through {@link AwsCalls} (token bucket, retries,
 * caller's context). Use from one Vert.x context, the actuator's: calls from another fail.
 */
public final class EcsServiceTarget implements ScalingTarget {

    public static final String NAME = "ecs-service";
    static final String UPDATE_SERVICE = "ecs:UpdateService";
    static final String DESCRIBE_SERVICES = "ecs:DescribeServices";
    static final String DESCRIBE_TARGET_HEALTH = "elbv2:DescribeTargetHealth";
    /** Every API this target calls: the {@code api} tag values of its metrics. */
    public static final List<String> APIS = List.of(UPDATE_SERVICE, DESCRIBE_SERVICES, DESCRIBE_TARGET_HEALTH);

    private static final Logger LOG = LoggerFactory.getLogger(EcsServiceTarget.class);

    /** A service's task bounds, {@code min <= max}. */
    public record Bounds(int min, int max) {

        public Bounds {
            if (min < 0 || max < min) {
                throw new IllegalArgumentException("bounds must be 0 <= min <= max, but were min=" + min + " max=" + max);
            }
        }
    }

    /** What DescribeServices says of one service. */
    private record Described(ServiceCounts counts, Optional<String> targetGroupArn) {
    }

    private final EcsAsyncClient ecs;
    private final ElasticLoadBalancingV2AsyncClient elb;
    private final AwsCalls calls;
    private final String cluster;
    private final Map<String, Bounds> bounds;
    private final AwsCallListener listener;
    // The count microscaler last asked for, per service: what the reconciler holds ECS to.
    private final Map<String, Integer> applied = new HashMap<>();
    // Healthy targets per service as the last read with target health found them.
    private final Map<String, Integer> healthy = new HashMap<>();
    // The target group of each service behind a load balancer, as the last read found it.
    private final Map<String, String> loadBalanced = new HashMap<>();
    // Services already warned about a scale to zero refused, so the log says it once.
    private final Set<String> zeroRefused = new HashSet<>();
    private final ContextOwner owner = new ContextOwner(NAME);

    /**
     * @param elb    for target health; {@code null} to skip it ({@link ServiceCounts#healthy()} empty)
     * @param bounds per service id; services without are only kept at >= 0
     */
    public EcsServiceTarget(EcsAsyncClient ecs, ElasticLoadBalancingV2AsyncClient elb, AwsCalls calls, String cluster,
                            Map<String, Bounds> bounds, AwsCallListener listener) {
        this.ecs = ecs;
        this.elb = elb;
        this.calls = calls;
        this.cluster = cluster;
        this.bounds = Map.copyOf(bounds);
        this.listener = listener;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Future<Capacity> apply(String service, int desired) {
        String wrongContext = checkContext();
        if (wrongContext != null) {
            return Future.failedFuture(new IllegalStateException(wrongContext));
        }
        if (desired < 0) {
            return Future.failedFuture(new IllegalArgumentException(
                    "desired count for '" + service + "' must be >= 0, but was " + desired));
        }
        int count = notZeroBehindALoadBalancer(service, clamp(service, desired));
        // Recorded when this apply starts (the actuator runs no read beside it), and before the call:
        // if the call is lost, the next read repairs it.
        applied.put(service, count);
        return update(service, count).compose(updated -> describe(service).map(Described::counts)
                .recover(e -> {
                    LOG.debug("{}: read-back of {} after UpdateService failed, using its response: {}",
                            NAME, service, e.toString());
                    return Future.succeededFuture(counts(updated));
                })).map(ServiceCounts::capacity);
    }

    @Override
    public Future<Capacity> observe(String service) {
        String wrongContext = checkContext();
        if (wrongContext != null) {
            return Future.failedFuture(new IllegalStateException(wrongContext));
        }
        // The reconciler's read also counts healthy targets (one DescribeTargetHealth per read, under
        // the same token bucket): the listener feeds the healthy-tasks gauge, lastHealthy the status page.
        return reconcile(service).map(ServiceCounts::capacity);
    }

    @Override
    public OptionalInt lastHealthy(String service) {
        Integer count = healthy.get(service);
        return count == null ? OptionalInt.empty() : OptionalInt.of(count);
    }

    /**
     * Reads the service's counts and its healthy targets, repairing a desired count that drifted
     * from the one last applied. Like {@link #observe}, never beside another operation of the
     * service (the actuator's contract, {@link ScalingTarget}).
     */
    public Future<ServiceCounts> read(String service) {
        String wrongContext = checkContext();
        if (wrongContext != null) {
            return Future.failedFuture(new IllegalStateException(wrongContext));
        }
        return reconcile(service);
    }

    /**
     * Reads the service's counts and its healthy targets, and nothing else: DescribeServices and
     * DescribeTargetHealth, never UpdateService, whatever was applied before (shadow mode's read,
     * {@link ShadowServiceTarget}). The same one-operation-per-service contract holds.
     */
    public Future<ServiceCounts> look(String service) {
        String wrongContext = checkContext();
        if (wrongContext != null) {
            return Future.failedFuture(new IllegalStateException(wrongContext));
        }
        return read(service, false);
    }

    /** DescribeServices, a repair if the desired count drifted, and target health. */
    private Future<ServiceCounts> reconcile(String service) {
        return read(service, true);
    }

    private Future<ServiceCounts> read(String service, boolean repair) {
        return describe(service).compose(described -> {
            Integer wanted = repair ? applied.get(service) : null;
            Future<ServiceCounts> counts = Future.succeededFuture(described.counts());
            if (wanted != null && wanted != described.counts().desired()) {
                LOG.warn("{}: ECS service {} in cluster {} has desiredCount {}, but microscaler last applied {}:"
                        + " applying it again", NAME, service, cluster, described.counts().desired(), wanted);
                listener.repaired(service);
                counts = update(service, wanted).map(EcsServiceTarget::counts);
            }
            return counts.compose(c -> health(described.targetGroupArn()).map(healthy -> {
                healthy.ifPresent(n -> listener.healthy(service, n));
                remember(service, healthy);
                return c.withHealthy(healthy);
            }));
        });
    }

    private void remember(String service, OptionalInt healthyCount) {
        if (healthyCount.isPresent()) {
            healthy.put(service, healthyCount.getAsInt());
        } else {
            healthy.remove(service);
        }
    }

    @Override
    public void release(String service) {
        applied.remove(service);
    }

    /** The count last applied to the service, if any: what the reconciler holds ECS to. */
    public OptionalInt lastApplied(String service) {
        Integer count = applied.get(service);
        return count == null ? OptionalInt.empty() : OptionalInt.of(count);
    }

    private int clamp(String service, int desired) {
        Bounds b = bounds.get(service);
        if (b == null || (desired >= b.min() && desired <= b.max())) {
            return desired;
        }
        int count = Math.max(b.min(), Math.min(b.max(), desired));
        LOG.warn("{}: asked for {} tasks of {}, outside its bounds [{}, {}]: applying {}", NAME, desired, service,
                b.min(), b.max(), count);
        return count;
    }

    /**
     * A service behind a load balancer is never set to 0 tasks, whatever its bounds: with no task
     * nothing holds its first requests (the load balancer answers 503) and no request event would
     * ever say there is work again. Start-up refuses {@code minTasks: 0} without {@code demand}; this
     * catches a demand-driven service that ECS puts behind a target group, which the configuration
     * cannot see.
     */
    private int notZeroBehindALoadBalancer(String service, int count) {
        String targetGroup = loadBalanced.get(service);
        if (count != 0 || targetGroup == null) {
            return count;
        }
        if (zeroRefused.add(service)) {
            LOG.warn("{}: not scaling {} to 0 tasks: ECS has it behind a load balancer (target group {}); at 0 tasks"
                    + " nothing would serve its first requests and no request event would wake it. Keeping 1 task;"
                    + " set services.{}.minTasks to 1 or more, or take it off the load balancer", NAME, service,
                    targetGroup, service);
        }
        return 1;
    }

    private Future<UpdateServiceResponse> update(String service, int count) {
        return calls.call(UPDATE_SERVICE, () -> ecs.updateService(b -> b.cluster(cluster).service(service).desiredCount(count)))
                .recover(e -> Future.failedFuture(missing(service, e)));
    }

    private Future<Described> describe(String service) {
        // A 200 whose failures say MISSING (or an INACTIVE service) fails the attempt itself, so the
        // call metrics count it as a failed call (client-error), not a success.
        return calls.call(DESCRIBE_SERVICES, () -> ecs.describeServices(b -> b.cluster(cluster).services(service))
                        .thenCompose(response -> described(service, response)))
                .recover(e -> Future.failedFuture(missing(service, e)))
                .onSuccess(d -> { // back on the actuator's context (AwsCalls)
                    if (d.targetGroupArn().isPresent()) {
                        loadBalanced.put(service, d.targetGroupArn().get());
                    } else {
                        loadBalanced.remove(service);
                    }
                });
    }

    private CompletableFuture<Described> described(String service, DescribeServicesResponse response) {
        // One service was asked for, so there is one service or one failure.
        if (response.hasServices() && !response.services().isEmpty()) {
            Service s = response.services().get(0);
            if ("INACTIVE".equals(s.status())) {
                return CompletableFuture.failedFuture(
                        new ServiceMissingException(cluster, service, "the service is INACTIVE (deleted)", null));
            }
            List<LoadBalancer> lbs = s.hasLoadBalancers() ? s.loadBalancers() : List.of();
            Optional<String> targetGroup = lbs.stream().map(LoadBalancer::targetGroupArn)
                    .filter(arn -> arn != null && !arn.isEmpty()).findFirst();
            return CompletableFuture.completedFuture(new Described(counts(s), targetGroup));
        }
        Failure failure = response.hasFailures() && !response.failures().isEmpty() ? response.failures().get(0) : null;
        if (failure == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("DescribeServices of '" + service
                    + "' in cluster '" + cluster + "' returned neither the service nor a failure"));
        }
        String detail = "DescribeServices failure " + failure.reason()
                + (failure.detail() == null ? "" : " (" + failure.detail() + ")");
        if ("MISSING".equals(failure.reason())) {
            return CompletableFuture.failedFuture(new ServiceMissingException(cluster, service, detail, null));
        }
        return CompletableFuture.failedFuture(new IllegalStateException(
                "reading ECS service '" + service + "' in cluster '" + cluster + "': " + detail));
    }

    @Override
    public Optional<Problem> problem(String service, Throwable failure) {
        return ProblemCauses.of(failure, service, cluster);
    }

    private Future<OptionalInt> health(Optional<String> targetGroupArn) {
        if (elb == null || targetGroupArn.isEmpty()) {
            return Future.succeededFuture(OptionalInt.empty());
        }
        return calls.call(DESCRIBE_TARGET_HEALTH, () -> elb.describeTargetHealth(b -> b.targetGroupArn(targetGroupArn.get())))
                .map(r -> OptionalInt.of((int) r.targetHealthDescriptions().stream()
                        .filter(d -> d.targetHealth() != null && d.targetHealth().state() == TargetHealthStateEnum.HEALTHY)
                        .count()))
                .otherwise(e -> {
                    // Health is extra: the counts are still worth reporting without it.
                    LOG.debug("{}: reading target health of {} failed: {}", NAME, targetGroupArn.get(), e.toString());
                    return OptionalInt.empty();
                });
    }

    private Throwable missing(String service, Throwable failure) {
        Throwable t = RetryClassifier.unwrap(failure);
        if (t instanceof AwsServiceException aws && (t instanceof ServiceNotFoundException
                || t instanceof ClusterNotFoundException || t instanceof ServiceNotActiveException)) {
            String detail = aws.awsErrorDetails() == null ? aws.getMessage()
                    : aws.awsErrorDetails().errorCode() + ": " + aws.awsErrorDetails().errorMessage();
            return new ServiceMissingException(cluster, service, detail, t, t instanceof ClusterNotFoundException);
        }
        return t;
    }

    private static ServiceCounts counts(UpdateServiceResponse response) {
        return counts(response.service());
    }

    private static ServiceCounts counts(Service s) {
        return new ServiceCounts(orZero(s.desiredCount()), orZero(s.runningCount()), orZero(s.pendingCount()),
                OptionalInt.empty());
    }

    private static int orZero(Integer n) {
        return n == null ? 0 : Math.max(0, n);
    }

    /** Null if called on the owning context (see {@link ContextOwner}); otherwise why not. */
    private String checkContext() {
        return owner.check();
    }
}
