package io.microscaler.localcloud.ecs;

import io.microscaler.localcloud.ClusterEventSink;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * What EventBridge would deliver for the cluster, in its envelope: {@code ECS Task State Change} on
 * every task status change and {@code ECS Container Instance State Change} when an instance joins,
 * changes status, leaves, or its remaining resources change (tasks placed or stopped). Keyed by
 * cluster name. Details use ISO-8601 times, as EventBridge does.
 */
final class EcsEvents {

    private final ClusterEventSink sink;
    private final Arns arns;
    private final Clock clock;
    private final EcsJson json;

    EcsEvents(ClusterEventSink sink, Arns arns, Clock clock) {
        this.sink = sink;
        this.arns = arns;
        this.clock = clock;
        this.json = new EcsJson(arns, true);
    }

    void taskChanged(EcsTask task) {
        JsonObject detail = json.task(task);
        detail.put("updatedAt", clock.instant().toString());
        send(task.clusterName, "ECS Task State Change", task.arn, detail);
    }

    void instanceChanged(EcsCluster cluster, ContainerInstance instance) {
        JsonObject detail = json.containerInstance(cluster, instance)
                .put("clusterArn", cluster.arn)
                .put("updatedAt", clock.instant().toString());
        send(cluster.name, "ECS Container Instance State Change", instance.arn, detail);
    }

    private void send(String clusterName, String detailType, String resource, JsonObject detail) {
        JsonObject event = new JsonObject()
                .put("version", "0")
                .put("id", UUID.randomUUID().toString())
                .put("detail-type", detailType)
                .put("source", "aws.ecs")
                .put("account", arns.accountId())
                .put("time", clock.instant().truncatedTo(ChronoUnit.SECONDS).toString())
                .put("region", arns.region())
                .put("resources", new JsonArray().add(resource))
                .put("detail", detail);
        sink.send(clusterName, event.encode());
    }
}
