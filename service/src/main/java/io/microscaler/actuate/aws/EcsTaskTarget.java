package io.microscaler.actuate.aws;

import io.microscaler.actuate.RoutingTarget;
import io.microscaler.actuate.ScalingTarget;
import io.microscaler.tasks.LaunchBackoff;
import io.microscaler.tasks.ServiceTasks;
import io.microscaler.tasks.TaskCounts;
import io.microscaler.tasks.TaskModeSettings;
import io.microscaler.policy.Capacity;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ecs.EcsAsyncClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2AsyncClient;

/**
 * ECS task mode (microscaling): microscaler runs and stops single tasks itself and puts each in
 * its service's target group on its own dynamic host port, so many small tasks of several services
 * share large instances behind one load balancer.
 *
 * <ul>
 *   <li><b>Scale out</b>: RunTask (at most 10 per call, {@code startedBy} and group
 *       {@code service:<id>}) → DescribeTasks until RUNNING → the host port bound to the configured
 *       container port, and the instance's EC2 id (DescribeContainerInstances) →
 *       RegisterTargets({@code instanceId:hostPort}) → running once DescribeTargetHealth says
 *       healthy, pending until then. RunTask {@code failures} (RESOURCE:MEMORY …) and tasks that stop
 *       before they are healthy are recorded ({@link TaskCounts#lastFailure()}) and further launches
 *       back off.</li>
 *   <li><b>Scale in</b>: the tasks chosen by {@link io.microscaler.tasks.ScaleInChoice}
 *       (closest-to-empty instance first) are deregistered, wait out the deregistration delay
 *       (DescribeTargetHealth until they are gone; the group's {@code deregistration_delay} read
 *       once bounds the wait), then StopTask ("microscaler scale-in": SIGTERM, then SIGKILL after
 *       the container's stop timeout, so containers must trap SIGTERM and finish in-flight
 *       work). Draining tasks are not capacity; they are not stopped early, and a scale-out while
 *       they drain registers them again instead of launching.</li>
 *   <li><b>Reconciler</b> ({@link #observe}, the actuator's reconcile interval): ListTasks by
 *       {@code startedBy} finds every task of the service; tasks running without a target are
 *       registered, targets without a running task deregistered, tasks stopped behind microscaler's
 *       back counted out and replaced (each repair counts in {@code microscaler_actuator_repairs}).</li>
 * </ul>
 *
 * <p>{@link #apply} returns once the calls of the plan are made (tasks launched, targets
 * deregistered), not once tasks are healthy or drained: the ticks follow them, and the
 * reconciler publishes the counts. Use from one Vert.x context, the actuator's.
 */
public final class EcsTaskTarget implements ScalingTarget {

    public static final String NAME = "ecs-tasks";

    /**
     * How often to look while tasks are on their way, and how long launches back off.
     *
     * @param pollBase          first look after a change (DescribeTasks, DescribeTargetHealth)
     * @param pollMax           looks double up to this while nothing changes
     * @param launchBackoffBase wait after a first launch failure, doubling per failure in a row
     * @param launchBackoffMax  longest wait between launch attempts
     * @param drainGrace        past the deregistration delay, how long a target may still drain before
     *                          its task is stopped anyway
     */
    public record Timings(Duration pollBase, Duration pollMax, Duration launchBackoffBase, Duration launchBackoffMax,
                          Duration drainGrace) {

        public Timings {
            if (pollBase.isNegative() || pollBase.isZero() || pollMax.compareTo(pollBase) < 0) {
                throw new IllegalArgumentException("polls must be 0 < pollBase <= pollMax, but were " + pollBase + ", " + pollMax);
            }
            new LaunchBackoff(launchBackoffBase, launchBackoffMax); // checks them
            if (drainGrace.isNegative()) {
                throw new IllegalArgumentException("drainGrace must be >= 0, but was " + drainGrace);
            }
        }

        /** For AWS: tasks take tens of seconds to start, so a look a second later is soon enough. */
        public static Timings defaults() {
            return new Timings(Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofMinutes(2),
                    Duration.ofSeconds(30));
        }

        /** For the local cloud in tests, where tasks start in milliseconds. */
        public static Timings fast() {
            return new Timings(Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofMillis(200), Duration.ofSeconds(2),
                    Duration.ofSeconds(1));
        }
    }

    private final Map<String, TaskModeService> services = new LinkedHashMap<>();
    private final Map<String, String> clusters = new HashMap<>();
    private final ContextOwner owner = new ContextOwner(NAME);

    /**
     * @param settings by service id; each service's target group must be its own
     */
    public EcsTaskTarget(Vertx vertx, EcsAsyncClient ecs, ElasticLoadBalancingV2AsyncClient elb, AwsCalls calls,
                         Map<String, TaskModeSettings> settings, Timings timings, Clock clock, AwsCallListener listener) {
        Map<String, String> groups = new HashMap<>();
        settings.forEach((service, s) -> {
            String other = groups.putIfAbsent(s.targetGroup(), service);
            if (other != null) {
                throw new IllegalArgumentException("task-mode services '" + other + "' and '" + service
                        + "' share the target group " + s.targetGroup() + ": each needs its own, because the reconciler"
                        + " deregisters every target that is not one of the service's tasks");
            }
        });
        settings.forEach((service, s) -> clusters.put(service, s.cluster()));
        TaskModeCalls taskCalls = new TaskModeCalls(ecs, elb, calls);
        Map<String, String> ec2ByInstanceArn = new HashMap<>();
        settings.forEach((service, s) -> services.put(service, new TaskModeService(new TaskModeScope(service, s, taskCalls,
                new ServiceTasks(service, new LaunchBackoff(timings.launchBackoffBase(), timings.launchBackoffMax())),
                ec2ByInstanceArn, timings, clock, listener), vertx)));
    }

    /**
     * Service mode for every service, except the ones in {@code taskModes}, which run in task mode:
     * {@code serviceMode} itself when there are none.
     */
    public static ScalingTarget alongside(ScalingTarget serviceMode, Map<String, TaskModeSettings> taskModes, Vertx vertx,
                                          AwsClients aws, AwsCalls calls, AwsCallListener listener) {
        return alongside(serviceMode, taskModes, vertx, aws, calls, listener, Timings.defaults());
    }

    /** As {@link #alongside(ScalingTarget, Map, Vertx, AwsClients, AwsCalls, AwsCallListener)}, with other timings. */
    public static ScalingTarget alongside(ScalingTarget serviceMode, Map<String, TaskModeSettings> taskModes, Vertx vertx,
                                          AwsClients aws, AwsCalls calls, AwsCallListener listener, Timings timings) {
        if (taskModes.isEmpty()) {
            return serviceMode;
        }
        EcsTaskTarget tasks = new EcsTaskTarget(vertx, aws.ecs(), aws.elb(), calls, taskModes, timings,
                Clock.systemUTC(), listener);
        Map<String, ScalingTarget> routes = new LinkedHashMap<>();
        taskModes.keySet().forEach(service -> routes.put(service, tasks));
        return new RoutingTarget(serviceMode, routes);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Future<Capacity> apply(String service, int desired) {
        if (desired < 0) {
            return Future.failedFuture(new IllegalArgumentException(
                    "desired count for '" + service + "' must be >= 0, but was " + desired));
        }
        return runner(service).compose(r -> r.apply(desired)).map(TaskCounts::capacity);
    }

    @Override
    public Future<Capacity> observe(String service) {
        return read(service).map(TaskCounts::capacity);
    }

    /** Reconciles the service and reads its counts, with draining tasks and the newest launch failure. */
    public Future<TaskCounts> read(String service) {
        return runner(service).compose(TaskModeService::observe);
    }

    /** The counts as tracked now, without a call; empty for a service not in task mode. */
    public Optional<TaskCounts> counts(String service) {
        TaskModeService runner = services.get(service);
        return runner == null ? Optional.empty() : Optional.of(runner.state().counts());
    }

    private Future<TaskModeService> runner(String service) {
        String wrongContext = checkContext();
        if (wrongContext != null) {
            return Future.failedFuture(new IllegalStateException(wrongContext));
        }
        TaskModeService runner = services.get(service);
        return runner != null ? Future.succeededFuture(runner)
                : Future.failedFuture(new IllegalArgumentException("service '" + service + "' is not in task mode"));
    }

    @Override
    public Optional<io.microscaler.actuate.Problem> problem(String service, Throwable failure) {
        return ProblemCauses.of(failure, service, clusters.getOrDefault(service, "?"));
    }

    /** Null if called on the owning context (see {@link ContextOwner}); otherwise why not. */
    private String checkContext() {
        return owner.check();
    }
}
