package io.microscaler.localcloud.ecs;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The ECS model as ECS's JSON shapes ({@code Task}, {@code Service}, {@code ContainerInstance},
 * {@code Cluster}, {@code TaskDefinition}), with the field names of the API reference. Times are
 * epoch seconds for the API (awsJson) or ISO-8601 strings for events.
 */
final class EcsJson {

    /** Ports the ECS agent reserves on every instance (SSH, Docker, the agent's own). */
    static final List<Integer> RESERVED_PORTS = List.of(22, 2375, 2376, 51678, 51679);

    /** Task-level fields of RegisterTaskDefinition kept as given and described back as they were. */
    static final List<String> TASK_LEVEL_FIELDS = List.of("taskRoleArn", "executionRoleArn", "volumes",
            "placementConstraints", "pidMode", "ipcMode", "proxyConfiguration", "inferenceAccelerators",
            "ephemeralStorage", "runtimePlatform", "enableFaultInjection");

    /** The platform version Fargate tasks report (LATEST for Linux). */
    static final String FARGATE_PLATFORM = "1.4.0";

    private final Arns arns;
    private final boolean isoTimes;

    EcsJson(Arns arns, boolean isoTimes) {
        this.arns = arns;
        this.isoTimes = isoTimes;
    }

    JsonObject cluster(EcsCluster c) {
        return new JsonObject()
                .put("clusterArn", c.arn)
                .put("clusterName", c.name)
                .put("status", "ACTIVE")
                .put("registeredContainerInstancesCount", c.instances.size())
                .put("runningTasksCount", c.count(TaskStatus.RUNNING))
                .put("pendingTasksCount", c.pendingCount())
                .put("activeServicesCount", c.services.size())
                .put("statistics", new JsonArray())
                .put("tags", new JsonArray())
                .put("settings", new JsonArray().add(new JsonObject().put("name", "containerInsights").put("value", "disabled")))
                .put("capacityProviders", new JsonArray())
                .put("defaultCapacityProviderStrategy", new JsonArray());
    }

    JsonObject taskDefinition(TaskDefinition td) {
        JsonArray containers = new JsonArray();
        td.containers().forEach(c -> containers.add(new JsonObject(new java.util.LinkedHashMap<>(c.raw()))));
        JsonObject json = new JsonObject()
                .put("taskDefinitionArn", td.arn())
                .put("family", td.family())
                .put("revision", td.revision())
                .put("containerDefinitions", containers)
                .put("networkMode", td.networkMode())
                .put("status", "ACTIVE")
                .put("volumes", new JsonArray())
                .put("placementConstraints", new JsonArray())
                .put("requiresAttributes", new JsonArray())
                .put("requiresCompatibilities", new JsonArray(new ArrayList<>(td.requiresCompatibilities())))
                .put("compatibilities", new JsonArray(new ArrayList<>(td.compatibilities())))
                .put("registeredAt", time(td.registeredAt()));
        td.taskLevel().forEach(json::put);
        if (td.cpu() != null) {
            json.put("cpu", String.valueOf(td.cpu()));
        }
        if (td.memory() != null) {
            json.put("memory", String.valueOf(td.memory()));
        }
        return json;
    }

    JsonObject containerInstance(EcsCluster cluster, ContainerInstance i) {
        List<EcsTask> tasks = cluster.tasksOn(i).toList();
        TreeSet<String> usedPorts = new TreeSet<>();
        RESERVED_PORTS.forEach(p -> usedPorts.add(String.valueOf(p)));
        tasks.stream().map(t -> t.hostPort).filter(Objects::nonNull).forEach(p -> usedPorts.add(String.valueOf(p)));
        return new JsonObject()
                .put("containerInstanceArn", i.arn)
                .put("ec2InstanceId", i.ec2InstanceId)
                .put("version", i.version)
                .put("versionInfo", new JsonObject().put("agentVersion", "1.89.0").put("agentHash", "localcloud")
                        .put("dockerVersion", "DockerVersion: 25.0.8"))
                .put("registeredResources", resources(i.registered, RESERVED_PORTS.stream().map(String::valueOf).toList()))
                .put("remainingResources", resources(i.remaining(), new ArrayList<>(usedPorts)))
                .put("status", i.status.name())
                .put("agentConnected", i.status != ContainerInstance.Status.INACTIVE)
                .put("runningTasksCount", tasks.stream().filter(t -> t.lastStatus == TaskStatus.RUNNING).count())
                .put("pendingTasksCount", tasks.stream().filter(t -> t.lastStatus.pending()).count())
                .put("attributes", new JsonArray()
                        .add(attribute("ecs.availability-zone", i.availabilityZone))
                        .add(attribute("ecs.os-type", "linux"))
                        .add(attribute("ecs.instance-type", i.spot ? "c5.xlarge (spot)" : "c5.xlarge")))
                .put("registeredAt", time(i.registeredAt))
                .put("tags", new JsonArray());
    }

    JsonObject task(EcsTask t) {
        TaskDefinition.Container main = t.definition.mainContainer();
        JsonObject json = new JsonObject()
                .put("taskArn", t.arn)
                .put("clusterArn", arns.cluster(t.clusterName))
                .put("taskDefinitionArn", t.definition.arn())
                .put("availabilityZone", t.availabilityZone())
                .put("lastStatus", t.lastStatus.name())
                .put("desiredStatus", t.desiredStatus.name())
                .put("healthStatus", "UNKNOWN")
                .put("cpu", String.valueOf(t.resources.cpu()))
                .put("memory", String.valueOf(t.resources.memory()))
                .put("containers", new JsonArray().add(container(t, main)))
                .put("group", t.group)
                .put("launchType", t.launchType.name())
                .put("connectivity", "CONNECTED")
                .put("connectivityAt", time(t.createdAt))
                .put("createdAt", time(t.createdAt))
                .put("version", t.version)
                .put("overrides", new JsonObject().put("containerOverrides",
                        new JsonArray().add(new JsonObject().put("name", main.name()))))
                .put("attachments", t.network == null ? new JsonArray() : new JsonArray().add(attachment(t)))
                .put("tags", new JsonArray());
        if (t.onInstance()) {
            json.put("containerInstanceArn", t.instance.arn);
        } else {
            json.put("platformVersion", FARGATE_PLATFORM).put("platformFamily", "Linux")
                    .put("ephemeralStorage", new JsonObject().put("sizeInGiB", 20));
        }
        putIfSet(json, "capacityProviderName", t.capacityProviderName);
        putIfSet(json, "startedBy", t.startedBy);
        putTime(json, "pullStartedAt", t.pullStartedAt);
        putTime(json, "pullStoppedAt", t.pullStoppedAt);
        putTime(json, "startedAt", t.startedAt);
        putTime(json, "stoppingAt", t.stoppingAt);
        putTime(json, "stoppedAt", t.stoppedAt);
        putTime(json, "executionStoppedAt", t.stoppedAt);
        putIfSet(json, "stoppedReason", t.stoppedReason);
        putIfSet(json, "stopCode", t.stopCode);
        return json;
    }

    private JsonObject container(EcsTask t, TaskDefinition.Container c) {
        String status = t.lastStatus.pending() ? "PENDING" : t.lastStatus == TaskStatus.STOPPED ? "STOPPED" : "RUNNING";
        JsonArray bindings = new JsonArray();
        if (t.hostPort != null && t.lastStatus != TaskStatus.STOPPED && t.network == null) {
            c.portMappings().stream().limit(1).forEach(pm -> bindings.add(new JsonObject()
                    .put("bindIP", "0.0.0.0")
                    .put("containerPort", pm.containerPort())
                    .put("hostPort", t.hostPort)
                    .put("protocol", pm.protocol())));
        }
        JsonArray interfaces = new JsonArray();
        if (t.network != null) {
            interfaces.add(new JsonObject().put("attachmentId", t.network.attachmentId())
                    .put("privateIpv4Address", t.network.privateIp()));
        }
        JsonObject json = new JsonObject()
                .put("containerArn", t.containerArn)
                .put("taskArn", t.arn)
                .put("name", c.name())
                .put("lastStatus", status)
                .put("networkBindings", bindings)
                .put("networkInterfaces", interfaces)
                .put("healthStatus", "UNKNOWN");
        Object image = c.raw().get("image");
        if (image != null) {
            json.put("image", image);
        }
        if (c.cpu() != null) {
            json.put("cpu", String.valueOf(c.cpu()));
        }
        if (c.memory() != null) {
            json.put("memory", String.valueOf(c.memory()));
        }
        if (status.equals("STOPPED") && t.containerStarted) {
            json.put("exitCode", 0);
        }
        return json;
    }

    JsonObject service(EcsCluster cluster, EcsService s) {
        long running = cluster.activeTasksOf(s).filter(t -> t.lastStatus == TaskStatus.RUNNING).count();
        long pending = cluster.activeTasksOf(s).filter(t -> t.lastStatus.pending()).count();
        JsonArray loadBalancers = new JsonArray();
        s.loadBalancers.forEach(lb -> loadBalancers.add(new JsonObject().put("targetGroupArn", lb.targetGroupArn())
                .put("containerName", lb.containerName()).put("containerPort", lb.containerPort())));
        JsonArray strategies = new JsonArray();
        s.placementStrategy.forEach(p -> {
            JsonObject strategy = new JsonObject().put("type", p.type());
            putIfSet(strategy, "field", p.field());
            strategies.add(strategy);
        });
        JsonArray events = new JsonArray();
        s.events.forEach(e -> events.add(new JsonObject().put("id", e.id()).put("createdAt", time(e.createdAt()))
                .put("message", e.message())));
        JsonObject deployment = new JsonObject()
                .put("id", s.deploymentId)
                .put("status", "PRIMARY")
                .put("taskDefinition", s.taskDefinition.arn())
                .put("desiredCount", s.desiredCount)
                .put("pendingCount", pending)
                .put("runningCount", running)
                .put("failedTasks", s.failedTasks)
                .put("createdAt", time(s.deploymentCreatedAt))
                .put("updatedAt", time(s.updatedAt))
                .put("launchType", "EC2")
                .put("rolloutState", s.steady ? "COMPLETED" : "IN_PROGRESS")
                .put("rolloutStateReason", s.steady ? "ECS deployment " + s.deploymentId + " completed."
                        : "ECS deployment " + s.deploymentId + " in progress.");
        JsonObject json = new JsonObject()
                .put("serviceArn", s.arn)
                .put("serviceName", s.name)
                .put("clusterArn", cluster.arn)
                .put("loadBalancers", loadBalancers)
                .put("serviceRegistries", new JsonArray())
                .put("status", "ACTIVE")
                .put("desiredCount", s.desiredCount)
                .put("runningCount", running)
                .put("pendingCount", pending)
                .put("launchType", "EC2")
                .put("taskDefinition", s.taskDefinition.arn())
                .put("deploymentConfiguration", new JsonObject()
                        .put("deploymentCircuitBreaker", new JsonObject().put("enable", false).put("rollback", false))
                        .put("maximumPercent", 200)
                        .put("minimumHealthyPercent", 100))
                .put("deployments", new JsonArray().add(deployment))
                .put("events", events)
                .put("createdAt", time(s.createdAt))
                .put("placementConstraints", new JsonArray())
                .put("placementStrategy", strategies)
                .put("schedulingStrategy", "REPLICA")
                .put("deploymentController", new JsonObject().put("type", "ECS"))
                .put("enableECSManagedTags", false)
                .put("propagateTags", "NONE")
                .put("enableExecuteCommand", false);
        if (!s.loadBalancers.isEmpty()) {
            json.put("healthCheckGracePeriodSeconds", 0);
        }
        return json;
    }

    /**
     * The task's elastic network interface, as ECS shows it for awsvpc: ATTACHED from the start
     * (ECS goes PRECREATED → ATTACHED before the task is PENDING), DELETED once it has stopped.
     */
    private static JsonObject attachment(EcsTask t) {
        Awsvpc.Interface eni = t.network;
        JsonArray details = new JsonArray()
                .add(attribute("subnetId", eni.subnetId()))
                .add(attribute("networkInterfaceId", eni.eniId()))
                .add(attribute("macAddress", eni.macAddress()))
                .add(attribute("privateDnsName", "ip-" + eni.privateIp().replace('.', '-') + ".local"))
                .add(attribute("privateIPv4Address", eni.privateIp()));
        return new JsonObject().put("id", eni.attachmentId()).put("type", "ElasticNetworkInterface")
                .put("status", t.lastStatus == TaskStatus.STOPPED ? "DELETED" : "ATTACHED").put("details", details);
    }

    static JsonObject failure(String arn, String reason, String detail) {
        JsonObject json = new JsonObject().put("arn", arn).put("reason", reason);
        putIfSet(json, "detail", detail);
        return json;
    }

    private static JsonArray resources(Resources r, List<String> ports) {
        return new JsonArray()
                .add(integer("CPU", r.cpu()))
                .add(integer("MEMORY", r.memory()))
                .add(stringSet("PORTS", ports))
                .add(stringSet("PORTS_UDP", List.of()));
    }

    private static JsonObject integer(String name, int value) {
        return new JsonObject().put("name", name).put("type", "INTEGER")
                .put("doubleValue", 0.0).put("longValue", 0).put("integerValue", value);
    }

    private static JsonObject stringSet(String name, List<String> values) {
        return new JsonObject().put("name", name).put("type", "STRINGSET")
                .put("doubleValue", 0.0).put("longValue", 0).put("integerValue", 0)
                .put("stringSetValue", new JsonArray(new ArrayList<>(values)));
    }

    private static JsonObject attribute(String name, String value) {
        return new JsonObject().put("name", name).put("value", value);
    }

    private Object time(Instant instant) {
        return isoTimes ? instant.toString() : instant.toEpochMilli() / 1000.0;
    }

    private void putTime(JsonObject json, String field, Instant instant) {
        if (instant != null) {
            json.put(field, time(instant));
        }
    }

    private static void putIfSet(JsonObject json, String field, Object value) {
        if (value != null) {
            json.put(field, value);
        }
    }

    static Map<String, Object> withoutNulls(Map<String, Object> map) {
        Map<String, Object> copy = new java.util.LinkedHashMap<>();
        map.forEach((k, v) -> {
            if (v != null) {
                copy.put(k, v);
            }
        });
        return copy;
    }
}
