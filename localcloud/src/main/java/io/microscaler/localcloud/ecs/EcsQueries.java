package io.microscaler.localcloud.ecs;

import io.microscaler.localcloud.AwsError;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Predicate;

/** ECS's list and describe operations (and UpdateContainerInstancesState), with ECS's {@code failures} and pagination. */
final class EcsQueries {

    private final EcsEngine engine;
    private final EcsJson json;

    EcsQueries(EcsEngine engine, EcsJson json) {
        this.engine = engine;
        this.json = json;
    }

    JsonObject describeClusters(JsonObject request) {
        JsonArray clusters = new JsonArray();
        JsonArray failures = new JsonArray();
        List<String> names = strings(request, "clusters");
        for (String name : names.isEmpty() ? List.of("default") : names) {
            try {
                clusters.add(json.cluster(engine.cluster(name)));
            } catch (AwsError e) {
                failures.add(EcsJson.failure(name.startsWith("arn:") ? name : engine.arns.cluster(name), "MISSING", null));
            }
        }
        return new JsonObject().put("clusters", clusters).put("failures", failures);
    }

    JsonObject listClusters(JsonObject request) {
        return page(engine.clusters().stream().map(EcsCluster::arn).toList(), request, "clusterArns");
    }

    JsonObject describeServices(JsonObject request) {
        EcsCluster cluster = engine.cluster(request.getString("cluster"));
        List<String> names = strings(request, "services");
        if (names.isEmpty() || names.size() > 10) {
            throw EcsEngine.invalid("services must name 1 to 10 services, but named " + names.size() + ".");
        }
        JsonArray services = new JsonArray();
        JsonArray failures = new JsonArray();
        for (String name : names) {
            engine.findService(cluster, name).ifPresentOrElse(
                    s -> services.add(json.service(cluster, s)),
                    () -> failures.add(EcsJson.failure(name.startsWith("arn:") ? name : engine.arns.service(cluster.name, name),
                            "MISSING", null)));
        }
        return new JsonObject().put("services", services).put("failures", failures);
    }

    JsonObject listServices(JsonObject request) {
        EcsCluster cluster = engine.cluster(request.getString("cluster"));
        return page(cluster.services.values().stream().map(EcsService::arn).toList(), request, "serviceArns");
    }

    JsonObject listTasks(JsonObject request) {
        EcsCluster cluster = engine.cluster(request.getString("cluster"));
        Predicate<EcsTask> filter = desiredStatus(request.getString("desiredStatus", "RUNNING"));
        String serviceName = request.getString("serviceName");
        if (serviceName != null) {
            EcsService service = engine.service(cluster, serviceName);
            filter = filter.and(t -> t.service == service);
        }
        String family = request.getString("family");
        if (family != null) {
            filter = filter.and(t -> t.definition.family().equals(family));
        }
        String instance = request.getString("containerInstance");
        if (instance != null) {
            String id = Arns.lastSegment(instance);
            filter = filter.and(t -> t.onInstance() && t.instance.id.equals(id));
        }
        String startedBy = request.getString("startedBy");
        if (startedBy != null) {
            filter = filter.and(t -> startedBy.equals(t.startedBy));
        }
        String launchType = request.getString("launchType");
        if (launchType != null) {
            filter = filter.and(t -> launchType.equals(t.launchType.name()));
        }
        return page(cluster.tasks.values().stream().filter(filter).map(EcsTask::arn).toList(), request, "taskArns");
    }

    private static Predicate<EcsTask> desiredStatus(String status) {
        return switch (status) {
            case "RUNNING" -> EcsTask::active;
            case "PENDING" -> t -> t.active() && t.lastStatus.pending();
            case "STOPPED" -> t -> !t.active();
            default -> throw EcsEngine.invalid("desiredStatus must be RUNNING, PENDING or STOPPED, but was " + status + ".");
        };
    }

    JsonObject describeTasks(JsonObject request) {
        EcsCluster cluster = engine.cluster(request.getString("cluster"));
        List<String> ids = strings(request, "tasks");
        if (ids.isEmpty() || ids.size() > 100) {
            throw EcsEngine.invalid("tasks must name 1 to 100 tasks, but named " + ids.size() + ".");
        }
        JsonArray tasks = new JsonArray();
        JsonArray failures = new JsonArray();
        for (String id : ids) {
            engine.findTask(cluster, id).ifPresentOrElse(
                    t -> tasks.add(json.task(t)),
                    () -> failures.add(EcsJson.failure(id.startsWith("arn:") ? id : engine.arns.task(cluster.name, id), "MISSING", null)));
        }
        return new JsonObject().put("tasks", tasks).put("failures", failures);
    }

    JsonObject listContainerInstances(JsonObject request) {
        EcsCluster cluster = engine.cluster(request.getString("cluster"));
        String status = request.getString("status");
        if (request.getString("filter") != null) {
            throw EcsEngine.invalid("The local cloud does not evaluate cluster query language filters.");
        }
        List<String> arns = cluster.instances.values().stream()
                .filter(i -> status == null || i.status.name().equals(status))
                .map(ContainerInstance::arn)
                .toList();
        return page(arns, request, "containerInstanceArns");
    }

    JsonObject describeContainerInstances(JsonObject request) {
        EcsCluster cluster = engine.cluster(request.getString("cluster"));
        return instances(cluster, strings(request, "containerInstances"), null);
    }

    JsonObject updateContainerInstancesState(JsonObject request) {
        EcsCluster cluster = engine.cluster(request.getString("cluster"));
        String status = request.getString("status");
        if (!"ACTIVE".equals(status) && !"DRAINING".equals(status)) {
            throw EcsEngine.invalid("Container instance status can be set to ACTIVE or DRAINING, but was " + status + ".");
        }
        return instances(cluster, strings(request, "containerInstances"), ContainerInstance.Status.valueOf(status));
    }

    private JsonObject instances(EcsCluster cluster, List<String> refs, ContainerInstance.Status newStatus) {
        if (refs.isEmpty() || refs.size() > 100) {
            throw EcsEngine.invalid("containerInstances must name 1 to 100 instances, but named " + refs.size() + ".");
        }
        JsonArray instances = new JsonArray();
        JsonArray failures = new JsonArray();
        for (String ref : refs) {
            engine.findInstance(cluster, ref).ifPresentOrElse(i -> {
                if (newStatus != null) {
                    engine.updateInstanceState(cluster, i, newStatus);
                }
                instances.add(json.containerInstance(cluster, i));
            }, () -> failures.add(EcsJson.failure(ref.startsWith("arn:") ? ref : engine.arns.containerInstance(cluster.name, ref),
                    "MISSING", null)));
        }
        return new JsonObject().put("containerInstances", instances).put("failures", failures);
    }

    /** One page of {@code all}: {@code maxResults} (1–100, default 100) from the offset in {@code nextToken}. */
    private static JsonObject page(List<String> all, JsonObject request, String field) {
        int max = request.getInteger("maxResults", 100);
        if (max < 1 || max > 100) {
            throw EcsEngine.invalid("maxResults must be between 1 and 100, but was " + max + ".");
        }
        int from = 0;
        String token = request.getString("nextToken");
        if (token != null) {
            try {
                from = Integer.parseInt(new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw EcsEngine.invalid("Invalid nextToken.");
            }
        }
        int to = Math.min(all.size(), from + max);
        JsonObject page = new JsonObject().put(field, new JsonArray(new ArrayList<>(all.subList(Math.min(from, to), to))));
        if (to < all.size()) {
            page.put("nextToken", Base64.getEncoder().encodeToString(String.valueOf(to).getBytes(StandardCharsets.UTF_8)));
        }
        return page;
    }

    private static List<String> strings(JsonObject request, String field) {
        List<String> values = new ArrayList<>();
        request.getJsonArray(field, new JsonArray()).forEach(v -> values.add((String) v));
        return values;
    }
}
