package io.microscaler.localcloud.ecs;

import io.microscaler.localcloud.AwsError;
import io.microscaler.localcloud.ClusterEventSink;
import io.microscaler.localcloud.ClusterMembership;
import io.microscaler.localcloud.ContainerRuntime;
import io.microscaler.localcloud.TargetRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * The ECS emulation's state and operations, in ECS's terms and with its error codes ({@link AwsError}).
 * Plain Java on one context: no locks; time passes only through {@link Timers}. Task states are
 * {@link TaskLifecycle}'s, services converge in {@link ServiceScheduler}, placement is
 * {@link Placement}'s. Fargate is a capacity beside the instances: a Fargate task holds no
 * instance's resources; awsvpc tasks (all Fargate tasks) get an address of their own from the
 * {@link AddressPool}, released when they stop.
 */
public final class EcsEngine implements ClusterMembership {

    /** What RunTask did: the tasks it placed and, for those it could not, why (ECS's {@code failures}). */
    public record RunResult(List<EcsTask> tasks, List<Failure> failures) {
    }

    /** One entry of ECS's {@code failures}: an ARN and a reason such as {@code RESOURCE:MEMORY} or {@code MISSING}. */
    public record Failure(String arn, String reason, String detail) {
    }

    /**
     * A RunTask request.
     *
     * @param launchType       EC2 or FARGATE, as given or as the capacity provider strategy chose
     * @param capacityProvider FARGATE or FARGATE_SPOT when a capacity provider strategy chose Fargate, else null
     * @param network          the awsvpc configuration, required for an awsvpc task definition (null otherwise)
     */
    public record RunRequest(String cluster, String taskDefinition, int count, String group, String startedBy,
            List<Placement.Strategy> strategies, LaunchType launchType, String capacityProvider, Awsvpc.Configuration network) {

        /** An EC2 request without awsvpc configuration. */
        public static RunRequest ec2(String cluster, String taskDefinition, int count, String group, String startedBy,
                List<Placement.Strategy> strategies) {
            return new RunRequest(cluster, taskDefinition, count, group, startedBy, strategies, LaunchType.EC2, null, null);
        }
    }

    private static final String[] ZONES = {"a", "b", "c"};

    final Arns arns;
    final Clock clock;
    final Random random;
    final TaskLifecycle lifecycle;
    final EcsEvents events;
    private final Timers timers;
    final TargetRegistry targets;
    private final ServiceScheduler scheduler;
    private final Map<String, EcsCluster> clusters = new LinkedHashMap<>();
    private final Map<String, List<TaskDefinition>> taskDefinitions = new HashMap<>();
    private final AddressPool addresses = new AddressPool();
    private int instancesJoined;
    private boolean reconcileQueued;

    /** An engine whose Fargate tasks take twice the EC2 start delay. */
    public EcsEngine(Arns arns, Clock clock, Timers timers, ContainerRuntime runtime, TargetRegistry targets,
            ClusterEventSink sink, Duration taskStartDelay, Duration taskStopTimeout, long seed) {
        this(arns, clock, timers, runtime, targets, sink, taskStartDelay, taskStartDelay.multipliedBy(2), taskStopTimeout, seed);
    }

    public EcsEngine(Arns arns, Clock clock, Timers timers, ContainerRuntime runtime, TargetRegistry targets,
            ClusterEventSink sink, Duration taskStartDelay, Duration fargateStartDelay, Duration taskStopTimeout, long seed) {
        this.arns = arns;
        this.clock = clock;
        this.timers = timers;
        this.targets = targets;
        this.random = new Random(seed);
        this.events = new EcsEvents(sink, arns, clock);
        this.lifecycle = new TaskLifecycle(clock, timers, runtime, targets, events, taskStartDelay, fargateStartDelay,
                taskStopTimeout, this::requestReconcile, addresses::release);
        this.scheduler = new ServiceScheduler(this);
    }

    // ---- clusters and task definitions

    public EcsCluster createCluster(String name) {
        String clusterName = name == null || name.isBlank() ? "default" : name;
        if (!clusterName.matches("[A-Za-z0-9_-]{1,255}")) {
            throw invalid("Cluster name can have up to 255 letters, numbers, hyphens and underscores, but was '" + clusterName + "'.");
        }
        return clusters.computeIfAbsent(clusterName, n -> new EcsCluster(n, arns.cluster(n)));
    }

    /** The cluster by name or ARN ({@code default} when null). */
    public EcsCluster cluster(String nameOrArn) {
        EcsCluster cluster = clusters.get(Arns.lastSegment(nameOrArn == null ? "default" : nameOrArn));
        if (cluster == null) {
            throw AwsError.client("ClusterNotFoundException", "Cluster not found.");
        }
        return cluster;
    }

    public Collection<EcsCluster> clusters() {
        return clusters.values();
    }

    public TaskDefinition registerTaskDefinition(String family, String networkMode, Integer cpu, Integer memory,
            List<TaskDefinition.Container> containers, List<String> requiresCompatibilities) {
        return registerTaskDefinition(family, networkMode, cpu, memory, containers, requiresCompatibilities, Map.of());
    }

    /**
     * Registers the next revision of {@code family}, with ECS's checks for awsvpc and Fargate ({@link FargateRules}).
     *
     * @param taskLevel the other task-level fields as given, described back as they are
     */
    public TaskDefinition registerTaskDefinition(String family, String networkMode, Integer cpu, Integer memory,
            List<TaskDefinition.Container> containers, List<String> requiresCompatibilities, Map<String, Object> taskLevel) {
        if (family == null || !family.matches("[A-Za-z0-9_-]{1,255}")) {
            throw client("Family contains invalid characters or is too long: '" + family + "'.");
        }
        if (containers.isEmpty()) {
            throw client("Container list cannot be empty.");
        }
        String mode = networkMode == null ? "bridge" : networkMode;
        List<String> compatibilities = requiresCompatibilities == null ? List.of() : requiresCompatibilities;
        FargateRules.check(mode, cpu, memory, containers, compatibilities);
        for (TaskDefinition.Container c : containers) {
            if (c.name() == null || c.name().isBlank()) {
                throw client("Container.name should not be null or empty.");
            }
            if (memory == null && c.memory() == null && c.memoryReservation() == null) {
                throw client("Invalid setting for container '" + c.name()
                        + "'. At least one of 'memory' or 'memoryReservation' must be specified.");
            }
        }
        List<TaskDefinition> revisions = taskDefinitions.computeIfAbsent(family, f -> new ArrayList<>());
        int revision = revisions.size() + 1;
        TaskDefinition td = new TaskDefinition(arns.taskDefinition(family, revision), family, revision, mode, cpu, memory,
                containers, compatibilities, taskLevel, clock.instant());
        revisions.add(td);
        return td;
    }

    /** By {@code family} (latest revision), {@code family:revision} or ARN. */
    public TaskDefinition taskDefinition(String reference) {
        return findTaskDefinition(reference).orElseThrow(() -> client("Unable to describe task definition."));
    }

    Optional<TaskDefinition> findTaskDefinition(String reference) {
        if (reference == null) {
            return Optional.empty();
        }
        String name = reference.startsWith("arn:") ? reference.substring(reference.indexOf("task-definition/") + 16) : reference;
        int colon = name.indexOf(':');
        List<TaskDefinition> revisions = taskDefinitions.getOrDefault(colon < 0 ? name : name.substring(0, colon), List.of());
        if (colon < 0) {
            return revisions.isEmpty() ? Optional.empty() : Optional.of(revisions.get(revisions.size() - 1));
        }
        try {
            int revision = Integer.parseInt(name.substring(colon + 1));
            return revision >= 1 && revision <= revisions.size() ? Optional.of(revisions.get(revision - 1)) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    // ---- services

    public EcsService createService(String clusterRef, String name, String taskDefinition, int desiredCount,
            List<EcsService.LoadBalancer> loadBalancers, List<Placement.Strategy> strategies) {
        return createService(clusterRef, name, taskDefinition, desiredCount, loadBalancers, strategies, null);
    }

    /** @param network the awsvpc configuration, required for an awsvpc task definition (null otherwise) */
    public EcsService createService(String clusterRef, String name, String taskDefinition, int desiredCount,
            List<EcsService.LoadBalancer> loadBalancers, List<Placement.Strategy> strategies, Awsvpc.Configuration network) {
        EcsCluster cluster = cluster(clusterRef);
        if (name == null || !name.matches("[A-Za-z0-9_-]{1,255}")) {
            throw invalid("Service name can have up to 255 letters, numbers, hyphens and underscores, but was '" + name + "'.");
        }
        if (cluster.services.containsKey(name)) {
            throw invalid("Creation of service was not idempotent.");
        }
        requireDesiredCount(desiredCount);
        TaskDefinition td = findTaskDefinition(taskDefinition).orElseThrow(() -> invalid("TaskDefinition not found."));
        requireNetworkFits(td, network);
        for (EcsService.LoadBalancer lb : loadBalancers) {
            if (lb.targetGroupArn() == null || !targets.exists(lb.targetGroupArn())) {
                throw invalid("Unable to find target group '" + lb.targetGroupArn() + "'.");
            }
            String targetType = targets.targetType(lb.targetGroupArn());
            if (td.awsvpc() != targetType.equals("ip")) {
                throw invalid("The provided target group " + lb.targetGroupArn() + " has target type " + targetType
                        + ", which is incompatible with the " + td.networkMode() + " network mode specified in the task definition.");
            }
            boolean mapped = td.containers().stream().anyMatch(c -> c.name().equals(lb.containerName())
                    && c.portMappings().stream().anyMatch(pm -> pm.containerPort() == lb.containerPort()));
            if (!mapped) {
                throw invalid("The container " + lb.containerName() + " does not have a container port " + lb.containerPort()
                        + " defined in task definition " + td.familyRevision() + ".");
            }
        }
        EcsService service = new EcsService(arns.service(cluster.name, name), name, cluster.name, td, desiredCount,
                loadBalancers, strategies, clock.instant(), deploymentId());
        service.network = network;
        cluster.services.put(name, service);
        requestReconcile();
        return service;
    }

    /** Changes the desired count and/or the task definition (used for tasks started from now on; running ones stay). */
    public EcsService updateService(String clusterRef, String serviceRef, Integer desiredCount, String taskDefinition) {
        EcsCluster cluster = cluster(clusterRef);
        EcsService service = service(cluster, serviceRef);
        if (desiredCount != null) {
            requireDesiredCount(desiredCount);
            service.desiredCount = desiredCount;
        }
        if (taskDefinition != null) {
            TaskDefinition td = findTaskDefinition(taskDefinition).orElseThrow(() -> invalid("TaskDefinition not found."));
            requireNetworkFits(td, service.network);
            if (td != service.taskDefinition) {
                service.taskDefinition = td;
                service.deploymentId = deploymentId();
                service.deploymentCreatedAt = clock.instant();
            }
        }
        service.updatedAt = clock.instant();
        requestReconcile();
        return service;
    }

    public EcsService service(EcsCluster cluster, String nameOrArn) {
        return findService(cluster, nameOrArn).orElseThrow(() -> AwsError.client("ServiceNotFoundException", "Service not found."));
    }

    public Optional<EcsService> findService(EcsCluster cluster, String nameOrArn) {
        return Optional.ofNullable(nameOrArn == null ? null : cluster.services.get(Arns.lastSegment(nameOrArn)));
    }

    // ---- tasks

    public RunResult runTask(String clusterRef, String taskDefinition, int count, String group, String startedBy,
            List<Placement.Strategy> strategies) {
        return runTask(RunRequest.ec2(clusterRef, taskDefinition, count, group, startedBy, strategies));
    }

    /**
     * Places and starts up to {@code count} tasks. On EC2 each goes where the placement strategies
     * put it, and one that fits nowhere is a failure naming the resource ({@code RESOURCE:MEMORY},
     * {@code RESOURCE:CPU}) per instance; on Fargate a task needs no instance and never fails for
     * resources. An awsvpc task gets an address of its own, or fails with {@code RESOURCE:ENI}.
     */
    public RunResult runTask(RunRequest request) {
        EcsCluster cluster = cluster(request.cluster());
        if (request.count() < 1 || request.count() > 10) {
            throw invalid("count must be between 1 and 10, but was " + request.count() + ".");
        }
        TaskDefinition td = findTaskDefinition(request.taskDefinition()).orElseThrow(() -> invalid("TaskDefinition not found."));
        boolean fargate = request.launchType() == LaunchType.FARGATE;
        if (fargate && !td.fargateCompatible()) {
            throw invalid("Task definition does not support launch_type FARGATE.");
        }
        requireNetworkFits(td, request.network());
        if (!fargate && cluster.instances.isEmpty()) {
            throw invalid("No Container Instances were found in your cluster.");
        }
        String taskGroup = request.group() != null ? request.group() : "family:" + td.family();
        List<EcsTask> tasks = new ArrayList<>();
        Map<String, Failure> failures = new LinkedHashMap<>();
        for (int i = 0; i < request.count(); i++) {
            ContainerInstance instance = null;
            if (!fargate) {
                Placement.Result placed = place(cluster, td, taskGroup, request.strategies());
                if (!placed.placed()) {
                    placed.shortfalls().forEach((arn, reason) -> failures.putIfAbsent(arn, new Failure(arn, reason, null)));
                    continue;
                }
                instance = cluster.instances.get(Arns.lastSegment(placed.chosen().arn()));
            }
            EcsTask task = launch(cluster, instance, td, taskGroup, request.startedBy(), null, request.launchType(),
                    request.capacityProvider(), request.network());
            if (task == null) {
                String arn = instance == null ? cluster.arn : instance.arn;
                failures.putIfAbsent(arn, new Failure(arn, "RESOURCE:ENI",
                        "no free address for an awsvpc task (127.0.0." + AddressPool.FIRST + " to 127.0.0." + AddressPool.LAST + ")"));
            } else {
                tasks.add(task);
            }
        }
        return new RunResult(tasks, List.copyOf(failures.values()));
    }

    /** awsvpc needs a network configuration with a subnet; other network modes take none (AWS's messages). */
    private static void requireNetworkFits(TaskDefinition td, Awsvpc.Configuration network) {
        if (td.awsvpc() && network == null) {
            throw invalid("Network Configuration must be provided when networkMode 'awsvpc' is specified.");
        }
        if (!td.awsvpc() && network != null) {
            throw invalid("Network Configuration is not valid for the given networkMode of this task definition.");
        }
        if (network != null && network.subnets().isEmpty()) {
            throw invalid("subnets can not be empty.");
        }
    }

    public EcsTask stopTask(String clusterRef, String taskRef, String reason) {
        EcsCluster cluster = cluster(clusterRef);
        EcsTask task = findTask(cluster, taskRef).orElseThrow(() -> invalid("The referenced task was not found."));
        lifecycle.stop(cluster, task, reason == null ? "Task stopped by user" : reason, "UserInitiated");
        return task;
    }

    public Optional<EcsTask> findTask(EcsCluster cluster, String idOrArn) {
        return Optional.ofNullable(idOrArn == null ? null : cluster.tasks.get(Arns.lastSegment(idOrArn)));
    }

    /** Places one task of {@code td} on an ACTIVE instance of the cluster, by the strategies. */
    Placement.Result place(EcsCluster cluster, TaskDefinition td, String group, List<Placement.Strategy> strategies) {
        Map<String, Integer> perZone = new HashMap<>();
        Map<String, Integer> perInstance = new HashMap<>();
        cluster.tasks.values().stream().filter(t -> t.active() && t.onInstance() && t.group.equals(group)).forEach(t -> {
            perZone.merge(t.instance.availabilityZone, 1, Integer::sum);
            perInstance.merge(t.instance.id, 1, Integer::sum);
        });
        List<Placement.Candidate> candidates = cluster.instances.values().stream()
                .filter(i -> i.status == ContainerInstance.Status.ACTIVE)
                .map(i -> new Placement.Candidate(i.arn, i.remaining(), perInstance.getOrDefault(i.id, 0),
                        perZone.getOrDefault(i.availabilityZone, 0)))
                .toList();
        return Placement.choose(candidates, td.requirement(), strategies, random);
    }

    /** A service's task on an EC2 instance; null when it is awsvpc and no address is free. */
    EcsTask launch(EcsCluster cluster, ContainerInstance instance, TaskDefinition td, String group, String startedBy,
            EcsService service) {
        return launch(cluster, instance, td, group, startedBy, service, LaunchType.EC2, null, service == null ? null : service.network);
    }

    /** @param instance null on Fargate; returns null when the task is awsvpc and no address is free */
    private EcsTask launch(EcsCluster cluster, ContainerInstance instance, TaskDefinition td, String group, String startedBy,
            EcsService service, LaunchType launchType, String capacityProvider, Awsvpc.Configuration network) {
        Awsvpc.Interface eni = null;
        if (td.awsvpc()) {
            Optional<String> address = addresses.take();
            if (address.isEmpty()) {
                return null;
            }
            int last = Integer.parseInt(address.get().substring(address.get().lastIndexOf('.') + 1));
            eni = new Awsvpc.Interface(newUuid(), "eni-" + newId().substring(0, 17), network.subnets().get(0), address.get(),
                    String.format("0a:00:00:00:00:%02x", last), arns.region() + ZONES[last % ZONES.length]);
        }
        String id = newId();
        EcsTask task = new EcsTask(arns.task(cluster.name, id), id, cluster.name, td, instance, launchType, eni,
                capacityProvider, group, startedBy, service, arns.container(cluster.name, newUuid()), clock.instant());
        lifecycle.launch(cluster, task);
        return task;
    }

    // ---- container instances

    public Optional<ContainerInstance> findInstance(EcsCluster cluster, String idOrArn) {
        return Optional.ofNullable(idOrArn == null ? null : cluster.instances.get(Arns.lastSegment(idOrArn)));
    }

    /** ACTIVE or DRAINING: a draining instance gets no new tasks, and its services' tasks are replaced elsewhere. */
    public void updateInstanceState(EcsCluster cluster, ContainerInstance instance, ContainerInstance.Status status) {
        if (instance.status != status) {
            instance.status = status;
            instance.version++;
            events.instanceChanged(cluster, instance);
            requestReconcile();
        }
    }

    @Override
    public void join(String clusterName, String instanceId, int cpu, int memory, boolean spot) {
        EcsCluster cluster = createCluster(clusterName);
        String id = newId();
        String zone = arns.region() + ZONES[instancesJoined++ % ZONES.length];
        ContainerInstance instance = new ContainerInstance(arns.containerInstance(cluster.name, id), id, cluster.name, instanceId,
                new Resources(cpu, memory), spot, zone, clock.instant());
        cluster.instances.put(id, instance);
        events.instanceChanged(cluster, instance);
        requestReconcile();
    }

    @Override
    public void leave(String instanceId) {
        for (EcsCluster cluster : clusters.values()) {
            for (ContainerInstance instance : List.copyOf(cluster.instances.values())) {
                if (instance.ec2InstanceId.equals(instanceId)) {
                    String reason = "Host EC2 (instance " + instanceId + ") terminated.";
                    cluster.tasksOn(instance).toList().forEach(t ->
                            lifecycle.kill(cluster, t, reason, instance.spot ? "SpotInterruption" : "TerminationNotice"));
                    cluster.instances.remove(instance.id);
                    instance.status = ContainerInstance.Status.INACTIVE;
                    instance.version++;
                    events.instanceChanged(cluster, instance);
                }
            }
        }
        requestReconcile();
    }

    // ---- the service scheduler

    /** Converges every service now (the periodic tick calls this too). */
    public void reconcile() {
        reconcileQueued = false;
        for (EcsCluster cluster : clusters.values()) {
            for (EcsService service : cluster.services.values()) {
                scheduler.reconcile(cluster, service);
            }
        }
    }

    void requestReconcile() {
        if (!reconcileQueued) {
            reconcileQueued = true;
            timers.soon(this::reconcile);
        }
    }

    String newId() {
        return newUuid().replace("-", "");
    }

    String newUuid() {
        return new java.util.UUID(random.nextLong(), random.nextLong()).toString();
    }

    private String deploymentId() {
        return "ecs-svc/" + String.format("%019d", Math.floorMod(random.nextLong(), 1_000_000_000_000_000_000L));
    }

    private static void requireDesiredCount(int desiredCount) {
        if (desiredCount < 0) {
            throw invalid("desiredCount must be 0 or more, but was " + desiredCount + ".");
        }
    }

    static AwsError invalid(String message) {
        return AwsError.client("InvalidParameterException", message);
    }

    static AwsError client(String message) {
        return AwsError.client("ClientException", message);
    }
}
