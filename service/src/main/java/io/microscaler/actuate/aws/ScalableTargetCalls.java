package io.microscaler.actuate.aws;

import io.vertx.core.Future;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingAsyncClient;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableDimension;
import software.amazon.awssdk.services.applicationautoscaling.model.ScalableTarget;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;

/**
 * The Application Auto Scaling calls of take-over and hand-back, for one ECS service's scalable
 * target ({@code service/<cluster>/<service>}, {@code ecs:service:DesiredCount}), through
 * {@link AwsCalls} (token bucket, retries, the caller's context) as the ECS calls go.
 *
 * <ul>
 *   <li>{@link #read}: DescribeScalableTargets; with a target, DescribeScalingPolicies and (outside
 *       shadow mode) ListTagsForResource (the {@link DynamicScaling#TAG}).</li>
 *   <li>{@link #suspend}: TagResource with the state before (unless the tag is there already:
 *       it holds the state from before microscaler, see {@link DynamicScaling}), then
 *       RegisterScalableTarget with dynamic scale-in and scale-out suspended.</li>
 *   <li>{@link #restore}: RegisterScalableTarget with the recorded state, then UntagResource.</li>
 * </ul>
 */
public final class ScalableTargetCalls {

    static final String DESCRIBE_SCALABLE_TARGETS = "application-autoscaling:DescribeScalableTargets";
    static final String DESCRIBE_SCALING_POLICIES = "application-autoscaling:DescribeScalingPolicies";
    static final String LIST_TAGS = "application-autoscaling:ListTagsForResource";
    static final String TAG_RESOURCE = "application-autoscaling:TagResource";
    static final String UNTAG_RESOURCE = "application-autoscaling:UntagResource";
    static final String REGISTER_SCALABLE_TARGET = "application-autoscaling:RegisterScalableTarget";
    /** Every API called here: the {@code api} tag values of the call metrics. */
    public static final List<String> APIS = List.of(DESCRIBE_SCALABLE_TARGETS, DESCRIBE_SCALING_POLICIES, LIST_TAGS,
            TAG_RESOURCE, UNTAG_RESOURCE, REGISTER_SCALABLE_TARGET);

    private final ApplicationAutoScalingAsyncClient client;
    private final AwsCalls calls;
    private final String cluster;

    /** @param cluster the ECS cluster's name or ARN (its name makes the resource id) */
    public ScalableTargetCalls(ApplicationAutoScalingAsyncClient client, AwsCalls calls, String cluster) {
        this.client = client;
        this.calls = calls;
        this.cluster = cluster;
    }

    /** The resource id of the service's scalable target: {@code service/<cluster name>/<service>}. */
    public String resourceId(String service) {
        int slash = cluster.lastIndexOf('/');
        return "service/" + (slash >= 0 ? cluster.substring(slash + 1) : cluster) + "/" + service;
    }

    /**
     * What Application Auto Scaling does to the service. Reads only.
     *
     * @param withTag whether to read the {@link DynamicScaling#TAG} too (ListTagsForResource); shadow
     *                mode does not, so its IAM policy holds Describe calls alone
     */
    public Future<DynamicScaling> read(String service, boolean withTag) {
        String resource = resourceId(service);
        return calls.call(DESCRIBE_SCALABLE_TARGETS, () -> client.describeScalableTargets(r -> r
                        .serviceNamespace(ServiceNamespace.ECS).resourceIds(resource)
                        .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT)))
                .compose(found -> {
                    Optional<ScalableTarget> target = found.scalableTargets().stream().findFirst();
                    if (target.isEmpty()) {
                        return Future.succeededFuture(DynamicScaling.NONE);
                    }
                    DynamicScaling.Target t = target(target.get());
                    return calls.call(DESCRIBE_SCALING_POLICIES, () -> client.describeScalingPolicies(r -> r
                                    .serviceNamespace(ServiceNamespace.ECS).resourceId(resource)
                                    .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT)))
                            .map(p -> p.scalingPolicies().stream()
                                    .map(policy -> policy.policyName() + " (" + policy.policyTypeAsString() + ")").toList())
                            .compose(policies -> (withTag ? recorded(t.arn())
                                    : Future.succeededFuture(Optional.<DynamicScaling.Suspension>empty())).map(recorded ->
                                    new DynamicScaling(Optional.of(t), policies, recorded)));
                });
    }

    /**
     * Suspends the target's dynamic scaling, having recorded the state to hand back first. The
     * target's min and max capacity stay as they are.
     *
     * @return the state that hand-back will restore
     */
    public Future<DynamicScaling.Suspension> suspend(String service, DynamicScaling found) {
        DynamicScaling.Target t = found.target().orElseThrow(() -> new IllegalArgumentException(
                "no scalable target for '" + service + "' to suspend"));
        DynamicScaling.Suspension before = found.recorded().orElse(t.suspended());
        Future<Void> recorded = found.recorded().isPresent() ? Future.succeededFuture()
                : calls.call(TAG_RESOURCE, () -> client.tagResource(r -> r.resourceARN(t.arn())
                        .tags(Map.of(DynamicScaling.TAG, before.tagValue())))).mapEmpty();
        return recorded.compose(v -> register(service, t.suspended().dynamicSuspended())).map(before);
    }

    /**
     * Restores the recorded state and removes the tag; nothing if the target carries no tag (it was
     * not taken over by microscaler, or was handed back already).
     *
     * @return the state restored, or empty when there was nothing to hand back
     */
    public Future<Optional<DynamicScaling.Suspension>> restore(String service, DynamicScaling found) {
        if (found.target().isEmpty() || found.recorded().isEmpty()) {
            return Future.succeededFuture(Optional.empty());
        }
        DynamicScaling.Suspension before = found.recorded().get();
        String arn = found.target().get().arn();
        return register(service, before)
                .compose(v -> calls.call(UNTAG_RESOURCE, () -> client.untagResource(r -> r.resourceARN(arn)
                        .tagKeys(DynamicScaling.TAG))))
                .map(v -> Optional.of(before));
    }

    private Future<Void> register(String service, DynamicScaling.Suspension state) {
        return calls.call(REGISTER_SCALABLE_TARGET, () -> client.registerScalableTarget(r -> r
                        .serviceNamespace(ServiceNamespace.ECS).resourceId(resourceId(service))
                        .scalableDimension(ScalableDimension.ECS_SERVICE_DESIRED_COUNT)
                        .suspendedState(s -> s.dynamicScalingInSuspended(state.dynamicIn())
                                .dynamicScalingOutSuspended(state.dynamicOut())
                                .scheduledScalingSuspended(state.scheduled()))))
                .mapEmpty();
    }

    private Future<Optional<DynamicScaling.Suspension>> recorded(String arn) {
        if (arn == null || arn.isEmpty()) {
            return Future.succeededFuture(Optional.empty());
        }
        return calls.call(LIST_TAGS, () -> client.listTagsForResource(r -> r.resourceARN(arn)))
                .map(r -> DynamicScaling.Suspension.parse(r.tags().get(DynamicScaling.TAG)));
    }

    private static DynamicScaling.Target target(ScalableTarget t) {
        var s = t.suspendedState();
        return new DynamicScaling.Target(t.scalableTargetARN(), t.resourceId(), s == null
                ? new DynamicScaling.Suspension(false, false, false)
                : new DynamicScaling.Suspension(Boolean.TRUE.equals(s.dynamicScalingInSuspended()),
                        Boolean.TRUE.equals(s.dynamicScalingOutSuspended()),
                        Boolean.TRUE.equals(s.scheduledScalingSuspended())));
    }
}
