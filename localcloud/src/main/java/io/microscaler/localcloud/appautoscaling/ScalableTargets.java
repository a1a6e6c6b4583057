package io.microscaler.localcloud.appautoscaling;

import io.microscaler.localcloud.AwsError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Application Auto Scaling's state: scalable targets by (namespace, resource id, dimension), their
 * scaling policies, and the tags on each target's ARN. Policies are stored as given and never run:
 * the local cloud checks how a caller treats them (reads, suspends, restores), not what they would
 * scale. Plain Java, used on the local cloud's context only.
 */
public final class ScalableTargets {

    /** What identifies a scalable target. */
    public record Key(String namespace, String resourceId, String dimension) {

        @Override
        public String toString() {
            return "service namespace: " + namespace + ", resource ID: " + resourceId + ", scalable dimension: " + dimension;
        }
    }

    /** Which kinds of scaling are suspended. */
    public record Suspended(boolean dynamicIn, boolean dynamicOut, boolean scheduled) {

        public static final Suspended NONE = new Suspended(false, false, false);
    }

    /** A scalable target. */
    public record Target(Key key, int min, int max, String roleArn, Instant created, Suspended suspended, String arn) {
    }

    /** A scaling policy, its configuration as the caller sent it. */
    public record Policy(Key key, String name, String arn, String type, Map<String, Object> configuration, Instant created) {
    }

    private final String region;
    private final String accountId;
    private final Map<Key, Target> targets = new LinkedHashMap<>();
    private final Map<Key, Map<String, Policy>> policies = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> tags = new LinkedHashMap<>();
    private long nextId = 1;

    public ScalableTargets(String region, String accountId) {
        this.region = region;
        this.accountId = accountId;
    }

    /**
     * Registers a target or updates one: absent values (null) keep what the target has; a new target
     * needs both capacities, as in AWS.
     */
    public Target register(Key key, Integer min, Integer max, Optional<SuspendedUpdate> suspended, String roleArn,
                           Map<String, String> newTags, Instant now) {
        Target before = targets.get(key);
        if (before == null && (min == null || max == null)) {
            throw AwsError.client("ValidationException",
                    "MinCapacity and MaxCapacity are required for registering a new scalable target");
        }
        int newMin = min != null ? min : before.min();
        int newMax = max != null ? max : before.max();
        if (newMin < 0 || newMax < newMin) {
            throw AwsError.client("ValidationException", "Minimum capacity (" + newMin
                    + ") cannot be negative or greater than maximum capacity (" + newMax + ")");
        }
        Suspended old = before == null ? Suspended.NONE : before.suspended();
        Suspended now2 = suspended.map(u -> u.applyTo(old)).orElse(old);
        String arn = before != null ? before.arn()
                : "arn:aws:application-autoscaling:" + region + ":" + accountId + ":scalable-target/"
                        + String.format("%036x", nextId++);
        String role = roleArn != null ? roleArn : before != null ? before.roleArn()
                : "arn:aws:iam::" + accountId + ":role/aws-service-role/ecs.application-autoscaling.amazonaws.com/"
                        + "AWSServiceRoleForApplicationAutoScaling_ECSService";
        Target target = new Target(key, newMin, newMax, role, before != null ? before.created() : now, now2, arn);
        targets.put(key, target);
        if (before == null) {
            // AWS applies Tags given to RegisterScalableTarget only when it creates the target.
            tags.put(arn, new TreeMap<>(newTags));
        }
        return target;
    }

    /** A partial SuspendedState: null fields keep the target's value. */
    public record SuspendedUpdate(Boolean dynamicIn, Boolean dynamicOut, Boolean scheduled) {

        Suspended applyTo(Suspended old) {
            return new Suspended(dynamicIn != null ? dynamicIn : old.dynamicIn(),
                    dynamicOut != null ? dynamicOut : old.dynamicOut(), scheduled != null ? scheduled : old.scheduled());
        }
    }

    /** The namespace's targets, filtered by resource ids (empty: all) and dimension (null: all), in registration order. */
    public List<Target> describe(String namespace, List<String> resourceIds, String dimension) {
        return targets.values().stream().filter(t -> t.key().namespace().equals(namespace))
                .filter(t -> resourceIds.isEmpty() || resourceIds.contains(t.key().resourceId()))
                .filter(t -> dimension == null || t.key().dimension().equals(dimension)).toList();
    }

    /** Adds or replaces a policy of a registered target. */
    public Policy putPolicy(Key key, String name, String type, Map<String, Object> configuration, Instant now) {
        if (!targets.containsKey(key)) {
            throw AwsError.client("ObjectNotFoundException", "No scalable target registered for " + key);
        }
        Objects.requireNonNull(name, "name");
        Map<String, Policy> ofTarget = policies.computeIfAbsent(key, k -> new LinkedHashMap<>());
        Policy before = ofTarget.get(name);
        String arn = before != null ? before.arn() : "arn:aws:autoscaling:" + region + ":" + accountId
                + ":scalingPolicy:" + String.format("%08x-0000-4000-8000-%012x", nextId, nextId++) + ":resource/"
                + key.namespace() + "/" + key.resourceId() + ":policyName/" + name;
        Policy policy = new Policy(key, name, arn, type, Map.copyOf(configuration), before != null ? before.created() : now);
        ofTarget.put(name, policy);
        return policy;
    }

    /** The namespace's policies, filtered by resource id, dimension and names (null or empty: all). */
    public List<Policy> policies(String namespace, String resourceId, String dimension, List<String> names) {
        List<Policy> found = new ArrayList<>();
        policies.forEach((key, byName) -> byName.values().stream()
                .filter(p -> key.namespace().equals(namespace))
                .filter(p -> resourceId == null || key.resourceId().equals(resourceId))
                .filter(p -> dimension == null || key.dimension().equals(dimension))
                .filter(p -> names.isEmpty() || names.contains(p.name()))
                .forEach(found::add));
        return found;
    }

    public void tag(String arn, Map<String, String> add) {
        tagsOf(arn).putAll(add);
    }

    public void untag(String arn, List<String> keys) {
        keys.forEach(tagsOf(arn)::remove);
    }

    public Map<String, String> tags(String arn) {
        return Map.copyOf(tagsOf(arn));
    }

    private Map<String, String> tagsOf(String arn) {
        Map<String, String> of = tags.get(arn);
        if (of == null) {
            throw AwsError.client("ResourceNotFoundException", "No scalable target found for ARN " + arn);
        }
        return of;
    }
}
