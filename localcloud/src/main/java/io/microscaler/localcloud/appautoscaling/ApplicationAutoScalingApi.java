package io.microscaler.localcloud.appautoscaling;

import io.microscaler.localcloud.AwsError;
import io.microscaler.localcloud.AwsRequest;
import io.microscaler.localcloud.AwsResponse;
import io.microscaler.localcloud.EmulatedApi;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Application Auto Scaling over awsJson1_1: {@code POST /} with {@code X-Amz-Target:
 * AnyScaleFrontendService.<Operation>}, PascalCase JSON fields, errors as {@code {"__type":…}}
 * (400 for the caller's, 500 for AWS's), which the SDK maps to its exception types. Serves what
 * microscaler calls to take over from and hand back to Application Auto Scaling
 * (DescribeScalableTargets, DescribeScalingPolicies, RegisterScalableTarget, TagResource,
 * UntagResource, ListTagsForResource) and PutScalingPolicy, with which tests and the demo set up a
 * service under target tracking. One page is every answer: NextToken is never set.
 */
public final class ApplicationAutoScalingApi implements EmulatedApi {

    static final String TARGET_PREFIX = "AnyScaleFrontendService.";
    static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    /** The IAM prefix, which the local cloud also names its operations by. */
    public static final String PREFIX = "application-autoscaling:";

    private static final Set<String> NAMESPACES = Set.of("ecs", "elasticmapreduce", "ec2", "appstream", "dynamodb",
            "rds", "sagemaker", "custom-resource", "comprehend", "lambda", "cassandra", "kafka", "elasticache",
            "neptune", "workspaces");
    private static final Set<String> POLICY_TYPES = Set.of("TargetTrackingScaling", "StepScaling", "PredictiveScaling");

    private final ScalableTargets targets;
    private final Clock clock;
    private final Map<String, Function<JsonObject, JsonObject>> operations;

    public ApplicationAutoScalingApi(ScalableTargets targets, Clock clock) {
        this.targets = targets;
        this.clock = clock;
        this.operations = Map.of(
                "RegisterScalableTarget", this::register,
                "DescribeScalableTargets", this::describeTargets,
                "PutScalingPolicy", this::putPolicy,
                "DescribeScalingPolicies", this::describePolicies,
                "TagResource", this::tag,
                "UntagResource", this::untag,
                "ListTagsForResource", this::listTags);
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
            throw AwsError.client("UnknownOperationException", "The local cloud's Application Auto Scaling does not serve "
                    + name + "; it serves " + new TreeSet<>(operations.keySet()) + ".");
        }
        return PREFIX + name;
    }

    @Override
    public Future<AwsResponse> handle(AwsRequest request) {
        String name = operation(request).substring(PREFIX.length());
        JsonObject body;
        try {
            body = request.body().length() == 0 ? new JsonObject() : new JsonObject(request.body());
        } catch (DecodeException e) {
            return Future.failedFuture(AwsError.client("SerializationException", "The request body is not JSON: " + e.getMessage()));
        }
        try {
            return Future.succeededFuture(new AwsResponse(200, CONTENT_TYPE, operations.get(name).apply(body).toBuffer()));
        } catch (ClassCastException e) {
            return Future.failedFuture(AwsError.client("SerializationException", "A field of the request has the wrong type: " + e.getMessage()));
        } catch (AwsError e) {
            return Future.failedFuture(e);
        }
    }

    @Override
    public AwsResponse error(AwsError error, String requestId) {
        return new AwsResponse(error.status(), CONTENT_TYPE,
                new JsonObject().put("__type", error.code()).put("Message", error.getMessage()).toBuffer());
    }

    private JsonObject register(JsonObject r) {
        JsonObject s = r.getJsonObject("SuspendedState");
        Optional<ScalableTargets.SuspendedUpdate> suspended = s == null ? Optional.empty()
                : Optional.of(new ScalableTargets.SuspendedUpdate(s.getBoolean("DynamicScalingInSuspended"),
                        s.getBoolean("DynamicScalingOutSuspended"), s.getBoolean("ScheduledScalingSuspended")));
        Map<String, String> tags = new LinkedHashMap<>();
        r.getJsonObject("Tags", new JsonObject()).forEach(e -> tags.put(e.getKey(), (String) e.getValue()));
        ScalableTargets.Target t = targets.register(key(r), r.getInteger("MinCapacity"), r.getInteger("MaxCapacity"),
                suspended, r.getString("RoleARN"), tags, clock.instant());
        return new JsonObject().put("ScalableTargetARN", t.arn());
    }

    private JsonObject describeTargets(JsonObject r) {
        List<String> ids = strings(r.getJsonArray("ResourceIds"));
        JsonArray out = new JsonArray();
        for (ScalableTargets.Target t : targets.describe(namespace(r), ids, dimension(r, false))) {
            out.add(new JsonObject().put("ServiceNamespace", t.key().namespace()).put("ResourceId", t.key().resourceId())
                    .put("ScalableDimension", t.key().dimension()).put("MinCapacity", t.min()).put("MaxCapacity", t.max())
                    .put("RoleARN", t.roleArn()).put("CreationTime", seconds(t.created()))
                    .put("SuspendedState", new JsonObject().put("DynamicScalingInSuspended", t.suspended().dynamicIn())
                            .put("DynamicScalingOutSuspended", t.suspended().dynamicOut())
                            .put("ScheduledScalingSuspended", t.suspended().scheduled()))
                    .put("ScalableTargetARN", t.arn()));
        }
        return new JsonObject().put("ScalableTargets", out);
    }

    private JsonObject putPolicy(JsonObject r) {
        String name = required(r, "PolicyName");
        String type = r.getString("PolicyType", "StepScaling");
        if (!POLICY_TYPES.contains(type)) {
            throw AwsError.client("ValidationException", "Unsupported policy type " + type + "; expected one of " + POLICY_TYPES);
        }
        Map<String, Object> configuration = new LinkedHashMap<>();
        for (String field : List.of("TargetTrackingScalingPolicyConfiguration", "StepScalingPolicyConfiguration",
                "PredictiveScalingPolicyConfiguration")) {
            JsonObject c = r.getJsonObject(field);
            if (c != null) {
                configuration.put(field, c.getMap());
            }
        }
        ScalableTargets.Policy p = targets.putPolicy(key(r), name, type, configuration, clock.instant());
        return new JsonObject().put("PolicyARN", p.arn()).put("Alarms", new JsonArray());
    }

    private JsonObject describePolicies(JsonObject r) {
        JsonArray out = new JsonArray();
        for (ScalableTargets.Policy p : targets.policies(namespace(r), r.getString("ResourceId"), dimension(r, false),
                strings(r.getJsonArray("PolicyNames")))) {
            JsonObject policy = new JsonObject().put("PolicyARN", p.arn()).put("PolicyName", p.name())
                    .put("ServiceNamespace", p.key().namespace()).put("ResourceId", p.key().resourceId())
                    .put("ScalableDimension", p.key().dimension()).put("PolicyType", p.type())
                    .put("Alarms", new JsonArray()).put("CreationTime", seconds(p.created()));
            p.configuration().forEach(policy::put);
            out.add(policy);
        }
        return new JsonObject().put("ScalingPolicies", out);
    }

    private JsonObject tag(JsonObject r) {
        Map<String, String> tags = new LinkedHashMap<>();
        r.getJsonObject("Tags", new JsonObject()).forEach(e -> tags.put(e.getKey(), (String) e.getValue()));
        targets.tag(required(r, "ResourceARN"), tags);
        return new JsonObject();
    }

    private JsonObject untag(JsonObject r) {
        targets.untag(required(r, "ResourceARN"), strings(r.getJsonArray("TagKeys")));
        return new JsonObject();
    }

    private JsonObject listTags(JsonObject r) {
        JsonObject tags = new JsonObject();
        targets.tags(required(r, "ResourceARN")).forEach(tags::put);
        return new JsonObject().put("Tags", tags);
    }

    private static ScalableTargets.Key key(JsonObject r) {
        return new ScalableTargets.Key(namespace(r), required(r, "ResourceId"), dimension(r, true));
    }

    private static String namespace(JsonObject r) {
        String ns = required(r, "ServiceNamespace");
        if (!NAMESPACES.contains(ns)) {
            throw AwsError.client("ValidationException", "1 validation error detected: Value '" + ns
                    + "' at 'serviceNamespace' failed to satisfy constraint: Member must satisfy enum value set: "
                    + new TreeSet<>(NAMESPACES));
        }
        return ns;
    }

    private static String dimension(JsonObject r, boolean required) {
        String d = required ? required(r, "ScalableDimension") : r.getString("ScalableDimension");
        if (d != null && !d.matches("[a-z-]+:[a-zA-Z-]+:[A-Za-z]+")) {
            throw AwsError.client("ValidationException", "Unsupported scalable dimension '" + d + "'");
        }
        return d;
    }

    private static String required(JsonObject r, String field) {
        String value = r.getString(field);
        if (value == null || value.isBlank()) {
            throw AwsError.client("ValidationException", "1 validation error detected: Value null at '"
                    + Character.toLowerCase(field.charAt(0)) + field.substring(1) + "' failed to satisfy constraint:"
                    + " Member must not be null");
        }
        return value;
    }

    private static List<String> strings(JsonArray array) {
        List<String> out = new ArrayList<>();
        if (array != null) {
            array.forEach(v -> out.add((String) v));
        }
        return out;
    }

    private static double seconds(Instant t) {
        return t.toEpochMilli() / 1000.0;
    }
}
