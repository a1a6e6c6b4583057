package io.microscaler.localcloud.ecs;

import io.microscaler.localcloud.AwsError;
import io.microscaler.localcloud.AwsRequest;
import io.microscaler.localcloud.AwsResponse;
import io.microscaler.localcloud.EmulatedApi;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * ECS over awsJson1_1: {@code POST /} with {@code X-Amz-Target: AmazonEC2ContainerServiceV20141113.<Op>}
 * and a JSON body; answers are JSON, errors {@code {"__type":"<Code>","message":"…"}} with 400
 * (client) or 500 (server), which the SDK maps to its exception types by {@code __type}. A thin
 * adapter: requests are read into {@link EcsEngine} calls and the model is written by {@link EcsJson}.
 */
public final class EcsApi implements EmulatedApi {

    static final String TARGET_PREFIX = "AmazonEC2ContainerServiceV20141113.";
    static final String CONTENT_TYPE = "application/x-amz-json-1.1";

    private final EcsEngine engine;
    private final EcsJson json;
    private final Map<String, Function<JsonObject, JsonObject>> operations;

    public EcsApi(EcsEngine engine) {
        this.engine = engine;
        this.json = new EcsJson(engine.arns, false);
        EcsQueries queries = new EcsQueries(engine, json);
        this.operations = Map.ofEntries(
                Map.entry("CreateCluster", this::createCluster),
                Map.entry("DescribeClusters", queries::describeClusters),
                Map.entry("ListClusters", queries::listClusters),
                Map.entry("RegisterTaskDefinition", this::registerTaskDefinition),
                Map.entry("DescribeTaskDefinition", this::describeTaskDefinition),
                Map.entry("CreateService", this::createService),
                Map.entry("UpdateService", this::updateService),
                Map.entry("DescribeServices", queries::describeServices),
                Map.entry("ListServices", queries::listServices),
                Map.entry("RunTask", this::runTask),
                Map.entry("StopTask", this::stopTask),
                Map.entry("ListTasks", queries::listTasks),
                Map.entry("DescribeTasks", queries::describeTasks),
                Map.entry("ListContainerInstances", queries::listContainerInstances),
                Map.entry("DescribeContainerInstances", queries::describeContainerInstances),
                Map.entry("UpdateContainerInstancesState", queries::updateContainerInstancesState));
    }

    @Override
    public boolean serves(AwsRequest request) {
        String target = request.header("x-amz-target");
        return target != null && target.startsWith(TARGET_PREFIX);
    }

    @Override
    public String operation(AwsRequest request) {
        String name = request.header("x-amz-target").substring(TARGET_PREFIX.length());
        if (!operations.containsKey(name)) {
            throw AwsError.client("UnknownOperationException", "The local cloud's ECS does not serve " + name
                    + "; it serves " + new java.util.TreeSet<>(operations.keySet()) + ".");
        }
        return "ecs:" + name;
    }

    @Override
    public Future<AwsResponse> handle(AwsRequest request) {
        String name = operation(request).substring("ecs:".length());
        JsonObject body;
        try {
            body = request.body().length() == 0 ? new JsonObject() : new JsonObject(request.body());
        } catch (DecodeException e) {
            return Future.failedFuture(AwsError.client("SerializationException", "The request body is not JSON: " + e.getMessage()));
        }
        try {
            JsonObject answer = operations.get(name).apply(body);
            return Future.succeededFuture(new AwsResponse(200, CONTENT_TYPE, answer.toBuffer()));
        } catch (ClassCastException e) {
            return Future.failedFuture(AwsError.client("SerializationException", "A field of the request has the wrong type: " + e.getMessage()));
        } catch (AwsError e) {
            return Future.failedFuture(e);
        }
    }

    @Override
    public AwsResponse error(AwsError error, String requestId) {
        JsonObject body = new JsonObject().put("__type", error.code()).put("message", error.getMessage());
        return new AwsResponse(error.status(), CONTENT_TYPE, body.toBuffer());
    }

    private JsonObject createCluster(JsonObject request) {
        return new JsonObject().put("cluster", json.cluster(engine.createCluster(request.getString("clusterName"))));
    }

    private JsonObject registerTaskDefinition(JsonObject request) {
        List<TaskDefinition.Container> containers = new ArrayList<>();
        boolean awsvpc = TaskDefinition.AWSVPC.equals(request.getString("networkMode"));
        for (Object item : request.getJsonArray("containerDefinitions", new JsonArray())) {
            containers.add(container((JsonObject) item, awsvpc));
        }
        List<String> compatibilities = new ArrayList<>();
        request.getJsonArray("requiresCompatibilities", new JsonArray()).forEach(c -> compatibilities.add((String) c));
        Map<String, Object> taskLevel = new LinkedHashMap<>();
        for (String field : EcsJson.TASK_LEVEL_FIELDS) {
            Object value = request.getValue(field);
            if (value != null) {
                taskLevel.put(field, value instanceof JsonObject o ? EcsJson.withoutNulls(o.getMap())
                        : value instanceof JsonArray a ? a.getList() : value);
            }
        }
        TaskDefinition td = engine.registerTaskDefinition(request.getString("family"), request.getString("networkMode"),
                units(request.getString("cpu"), 1024), units(request.getString("memory"), 1024), containers, compatibilities,
                taskLevel);
        return new JsonObject().put("taskDefinition", json.taskDefinition(td)).put("tags", new JsonArray());
    }

    /** One container definition; with awsvpc a port mapping's host port is its container port, as ECS describes it. */
    private static TaskDefinition.Container container(JsonObject c, boolean awsvpc) {
        List<TaskDefinition.PortMapping> ports = new ArrayList<>();
        for (Object item : c.getJsonArray("portMappings", new JsonArray())) {
            JsonObject pm = (JsonObject) item;
            if (pm.getInteger("containerPort") == null) {
                throw AwsError.client("ClientException", "Container '" + c.getString("name") + "': portMappings need a containerPort.");
            }
            if (awsvpc && pm.getInteger("hostPort") == null) {
                pm.put("hostPort", pm.getInteger("containerPort"));
            }
            ports.add(new TaskDefinition.PortMapping(pm.getInteger("containerPort"), pm.getInteger("hostPort", 0),
                    pm.getString("protocol", "tcp")));
        }
        return new TaskDefinition.Container(c.getString("name"), c.getInteger("cpu"), c.getInteger("memory"),
                c.getInteger("memoryReservation"), ports, EcsJson.withoutNulls(c.getMap()));
    }

    /** ECS's task-level {@code cpu}/{@code memory} strings: {@code "512"}, {@code "1 vCPU"}, {@code "2 GB"}. */
    static Integer units(String value, int perUnit) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String text = value.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            if (text.endsWith("vcpu") || text.endsWith("gb")) {
                String number = text.replace("vcpu", "").replace("gb", "").trim();
                return (int) Math.round(Double.parseDouble(number) * perUnit);
            }
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw AwsError.client("ClientException", "Invalid task-level cpu or memory value: '" + value + "'.");
        }
    }

    private JsonObject describeTaskDefinition(JsonObject request) {
        TaskDefinition td = engine.taskDefinition(request.getString("taskDefinition"));
        return new JsonObject().put("taskDefinition", json.taskDefinition(td)).put("tags", new JsonArray());
    }

    private JsonObject createService(JsonObject request) {
        List<EcsService.LoadBalancer> loadBalancers = new ArrayList<>();
        for (Object item : request.getJsonArray("loadBalancers", new JsonArray())) {
            JsonObject lb = (JsonObject) item;
            loadBalancers.add(new EcsService.LoadBalancer(lb.getString("targetGroupArn"), lb.getString("containerName"),
                    lb.getInteger("containerPort", 0)));
        }
        requireEc2(request);
        EcsService service = engine.createService(request.getString("cluster"), request.getString("serviceName"),
                request.getString("taskDefinition"), request.getInteger("desiredCount", 0), loadBalancers, strategies(request),
                network(request));
        return new JsonObject().put("service", json.service(engine.cluster(service.clusterName), service));
    }

    private JsonObject updateService(JsonObject request) {
        EcsService service = engine.updateService(request.getString("cluster"), request.getString("service"),
                request.getInteger("desiredCount"), request.getString("taskDefinition"));
        return new JsonObject().put("service", json.service(engine.cluster(service.clusterName), service));
    }

    private JsonObject runTask(JsonObject request) {
        LaunchChoice launch = LaunchChoice.of(request);
        EcsEngine.RunResult result = engine.runTask(new EcsEngine.RunRequest(request.getString("cluster"),
                request.getString("taskDefinition"), request.getInteger("count", 1), request.getString("group"),
                request.getString("startedBy"), strategies(request), launch.launchType(), launch.capacityProvider(),
                network(request)));
        JsonArray tasks = new JsonArray();
        result.tasks().forEach(t -> tasks.add(json.task(t)));
        JsonArray failures = new JsonArray();
        result.failures().forEach(f -> failures.add(EcsJson.failure(f.arn(), f.reason(), f.detail())));
        return new JsonObject().put("tasks", tasks).put("failures", failures);
    }

    private JsonObject stopTask(JsonObject request) {
        EcsTask task = engine.stopTask(request.getString("cluster"), request.getString("task"), request.getString("reason"));
        return new JsonObject().put("task", json.task(task));
    }

    /** Services run on EC2 here (RunTask takes FARGATE too): say so rather than pretend. */
    private static void requireEc2(JsonObject request) {
        String launchType = request.getString("launchType");
        if ((launchType != null && !launchType.equals("EC2")) || request.getValue("capacityProviderStrategy") != null) {
            throw AwsError.client("InvalidParameterException", "The local cloud runs services on EC2 container instances"
                    + " only; launchType " + launchType + " or a capacityProviderStrategy is not supported for services.");
        }
    }

    /** {@code networkConfiguration.awsvpcConfiguration}, or null when not given. */
    private static Awsvpc.Configuration network(JsonObject request) {
        JsonObject config = request.getJsonObject("networkConfiguration");
        if (config == null) {
            return null;
        }
        JsonObject awsvpc = config.getJsonObject("awsvpcConfiguration");
        if (awsvpc == null) {
            throw AwsError.client("InvalidParameterException", "networkConfiguration.awsvpcConfiguration must be given.");
        }
        List<String> subnets = new ArrayList<>();
        awsvpc.getJsonArray("subnets", new JsonArray()).forEach(v -> subnets.add((String) v));
        List<String> groups = new ArrayList<>();
        awsvpc.getJsonArray("securityGroups", new JsonArray()).forEach(v -> groups.add((String) v));
        return new Awsvpc.Configuration(subnets, groups, awsvpc.getString("assignPublicIp", "DISABLED"));
    }

    private static List<Placement.Strategy> strategies(JsonObject request) {
        List<Placement.Strategy> strategies = new ArrayList<>();
        for (Object item : request.getJsonArray("placementStrategy", new JsonArray())) {
            JsonObject s = (JsonObject) item;
            Placement.Strategy strategy = new Placement.Strategy(s.getString("type"), s.getString("field"));
            String invalid = strategy.invalidReason();
            if (invalid != null) {
                throw AwsError.client("InvalidParameterException", invalid);
            }
            strategies.add(strategy);
        }
        if (strategies.size() > 5) {
            throw AwsError.client("InvalidParameterException", "At most 5 placement strategies, but there were " + strategies.size() + ".");
        }
        return strategies;
    }
}
